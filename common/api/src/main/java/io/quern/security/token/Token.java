package io.quern.security.token;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.ServiceLoader;

/**
 * A token as Hadoop shapes it: identifier bytes (what it stands for, as its issuer encoded
 * it), password bytes (what proves it), a kind and the service it is for. Serialized as
 * Hadoop's {@code Token}: each byte array as a vint length and the bytes, then the kind and
 * the service as {@link Text}. {@link #toString()} never shows the password.
 *
 * @param <T> the identifier type its identifier bytes decode to
 */
public class Token<T extends TokenIdentifier> implements Writable {
  private static final int MAX_BYTES = 1 << 20;

  // Confined to the thread using it, as is all state below (not thread-safe, as Hadoop's Token is; getKind
  // and setKind lock only as Hadoop's do). One kept in Credentials is published by its lock, not changed after.
  private byte[] identifier;
  private byte[] password;
  private Text kind;
  private Text service;

  /** An empty token, to {@link #readFields} into. */
  public Token() {
    this(new byte[0], new byte[0], new Text(), new Text());
  }

  public Token(byte[] identifier, byte[] password, Text kind, Text service) {
    this.identifier = identifier == null ? new byte[0] : identifier;
    this.password = password == null ? new byte[0] : password;
    this.kind = kind == null ? new Text() : kind;
    this.service = service == null ? new Text() : service;
  }

  /** A copy of {@code other}, sharing nothing with it. */
  public Token(Token<T> other) {
    this(other.identifier.clone(), other.password.clone(), new Text(other.kind), new Text(other.service));
  }

  public Token<T> copyToken() {
    return new Token<>(this);
  }

  public byte[] getIdentifier() {
    return identifier;
  }

  public byte[] getPassword() {
    return password;
  }

  public synchronized Text getKind() {
    return kind;
  }

  public synchronized void setKind(Text newKind) {
    kind = newKind;
  }

  public Text getService() {
    return service;
  }

  public void setService(Text newService) {
    service = newService;
  }

  /**
   * The identifier decoded by the {@link TokenIdentifier} class registered (through
   * {@code ServiceLoader}) for this token's kind; null when no registered class has that kind.
   */
  @SuppressWarnings("unchecked")
  public T decodeIdentifier() throws IOException {
    for (ServiceLoader.Provider<TokenIdentifier> p : ServiceLoader.load(TokenIdentifier.class).stream().toList()) {
      TokenIdentifier candidate = p.get();
      if (getKind().equals(candidate.getKind())) {
        TokenIdentifier fresh;
        try {
          fresh = candidate.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IOException("cannot make a " + candidate.getClass().getName() + " to decode a " + getKind()
              + " token: " + (e instanceof InvocationTargetException ite ? ite.getCause() : e), e);
        }
        DataInputBuffer in = new DataInputBuffer();
        in.reset(identifier, identifier.length);
        fresh.readFields(in);
        return (T) fresh;
      }
    }
    return null;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, identifier.length);
    out.write(identifier);
    WritableUtils.writeVInt(out, password.length);
    out.write(password);
    kind.write(out);
    service.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    identifier = readBytes(in, "identifier");
    password = readBytes(in, "password");
    kind = new Text();
    kind.readFields(in);
    service = new Text();
    service.readFields(in);
  }

  private static byte[] readBytes(DataInput in, String what) throws IOException {
    int len = WritableUtils.readVInt(in);
    if (len < 0 || len > MAX_BYTES) {
      throw new IOException("a token's " + what + " of " + len + " bytes; at most " + MAX_BYTES + " are read");
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  /** The serialized token in URL-safe base64 without padding, as Hadoop encodes it. */
  public String encodeToUrlString() throws IOException {
    DataOutputBuffer buf = new DataOutputBuffer();
    write(buf);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(buf.getData(), buf.getLength()));
  }

  /** Reads the token {@link #encodeToUrlString()} made (standard base64 is taken as well). */
  public void decodeFromUrlString(String newValue) throws IOException {
    if (newValue == null || newValue.isEmpty()) {
      throw new IOException("an empty string is no token");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(newValue.replace('+', '-').replace('/', '_').replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException("not a URL-encoded token: " + e.getMessage(), e);
    }
    DataInputBuffer in = new DataInputBuffer();
    in.reset(raw, raw.length);
    readFields(in);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Token<?> t && Arrays.equals(identifier, t.identifier) && Arrays.equals(password, t.password)
        && getKind().equals(t.getKind()) && service.equals(t.service);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(identifier);
  }

  /** Kind, service and identifier; never the password. */
  @Override
  public String toString() {
    return "Kind: " + getKind() + ", Service: " + service + ", Ident: " + HexFormat.of().formatHex(identifier);
  }
}
