package io.quern.security;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableUtils;
import io.quern.security.token.Token;
import io.quern.security.token.TokenIdentifier;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's secret keys and tokens, each under an alias (Hadoop's {@code Credentials}). What a
 * job holds at submission reaches each of its tasks, where {@code context.getCredentials()}
 * returns it; it travels beside the job's configuration, never in it, so it shows in no job
 * page, history file or configuration dump.
 *
 * <p>Serialized in Hadoop's token storage form: the magic {@code HDTS}, format byte 0
 * ({@link SerializedFormat#WRITABLE}), then the tokens and the secret keys, each a vint count
 * of alias/value pairs. {@link #toString()} names aliases only, never a key's bytes. Safe for
 * use by several threads.
 */
public class Credentials implements Writable {
  /** Immutable (never written). */
  private static final byte[] MAGIC = "HDTS".getBytes(StandardCharsets.UTF_8);
  /** A bound on one secret key read back, against corrupt input that would ask for gigabytes. */
  private static final int MAX_KEY_BYTES = 16 << 20;

  /** The forms of a token storage stream; Quern reads and writes Hadoop's Writable form. */
  public enum SerializedFormat {
    WRITABLE((byte) 0);

    public final byte value;

    SerializedFormat(byte value) {
      this.value = value;
    }
  }

  /** Guarded by this. */
  private final Map<Text, byte[]> secretKeys = new LinkedHashMap<>();
  /** Guarded by this. */
  private final Map<Text, Token<? extends TokenIdentifier>> tokens = new LinkedHashMap<>();

  public Credentials() {}

  /** A copy of what {@code other} holds now. */
  public Credentials(Credentials other) {
    addAll(other);
  }

  // ---- secret keys ----

  /** The key under {@code alias}, or null when there is none. */
  public synchronized byte[] getSecretKey(Text alias) {
    return secretKeys.get(alias);
  }

  /** Adds (or replaces) the key under {@code alias}. */
  public synchronized void addSecretKey(Text alias, byte[] key) {
    secretKeys.put(new Text(alias), key);
  }

  public synchronized void removeSecretKey(Text alias) {
    secretKeys.remove(alias);
  }

  public synchronized int numberOfSecretKeys() {
    return secretKeys.size();
  }

  /** The aliases of the secret keys, in the order they were added. */
  public synchronized List<Text> getAllSecretKeys() {
    return new ArrayList<>(secretKeys.keySet());
  }

  public synchronized Map<Text, byte[]> getSecretKeyMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(secretKeys));
  }

  // ---- tokens ----

  /** The token under {@code alias}, or null when there is none. */
  public synchronized Token<? extends TokenIdentifier> getToken(Text alias) {
    return tokens.get(alias);
  }

  /** Adds (or replaces) the token under {@code alias}; a null token is ignored, as in Hadoop. */
  public synchronized void addToken(Text alias, Token<? extends TokenIdentifier> t) {
    if (t != null) {
      tokens.put(new Text(alias), t);
    }
  }

  public synchronized int numberOfTokens() {
    return tokens.size();
  }

  public synchronized Collection<Token<? extends TokenIdentifier>> getAllTokens() {
    return new ArrayList<>(tokens.values());
  }

  public synchronized Map<Text, Token<? extends TokenIdentifier>> getTokenMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
  }

  // ---- combining ----

  /** Adds everything {@code other} holds, replacing what this holds under the same aliases. */
  public void addAll(Credentials other) {
    addAll(other, true);
  }

  /** Adds what {@code other} holds under aliases this does not hold yet. */
  public void mergeAll(Credentials other) {
    addAll(other, false);
  }

  private void addAll(Credentials other, boolean overwrite) {
    if (other == this) {
      return;
    }
    Map<Text, byte[]> keys = other.getSecretKeyMap();
    Map<Text, Token<? extends TokenIdentifier>> toks = other.getTokenMap();
    synchronized (this) {
      keys.forEach((alias, key) -> {
        if (overwrite || !secretKeys.containsKey(alias)) {
          secretKeys.put(new Text(alias), key);
        }
      });
      toks.forEach((alias, token) -> {
        if (overwrite || !tokens.containsKey(alias)) {
          tokens.put(new Text(alias), token);
        }
      });
    }
  }

  // ---- serialization ----

  @Override
  public synchronized void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, tokens.size());
    for (Map.Entry<Text, Token<? extends TokenIdentifier>> e : tokens.entrySet()) {
      e.getKey().write(out);
      e.getValue().write(out);
    }
    WritableUtils.writeVInt(out, secretKeys.size());
    for (Map.Entry<Text, byte[]> e : secretKeys.entrySet()) {
      e.getKey().write(out);
      WritableUtils.writeVInt(out, e.getValue().length);
      out.write(e.getValue());
    }
  }

  /** Replaces what this holds with what {@code in} holds. */
  @Override
  public synchronized void readFields(DataInput in) throws IOException {
    secretKeys.clear();
    tokens.clear();
    int n = count(in, "tokens");
    for (int i = 0; i < n; i++) {
      Text alias = new Text();
      alias.readFields(in);
      Token<TokenIdentifier> t = new Token<>();
      t.readFields(in);
      tokens.put(alias, t);
    }
    n = count(in, "secret keys");
    for (int i = 0; i < n; i++) {
      Text alias = new Text();
      alias.readFields(in);
      int len = WritableUtils.readVInt(in);
      if (len < 0 || len > MAX_KEY_BYTES) {
        throw new IOException("the secret key " + alias + " has " + len + " bytes; at most " + MAX_KEY_BYTES
            + " are read");
      }
      byte[] key = new byte[len];
      in.readFully(key);
      secretKeys.put(alias, key);
    }
  }

  private static int count(DataInput in, String what) throws IOException {
    int n = WritableUtils.readVInt(in);
    if (n < 0) {
      throw new IOException("a negative number of " + what + " (" + n + ") in token storage");
    }
    return n;
  }

  /** Writes the token storage form: {@code HDTS}, the format byte, then {@link #write}. */
  public void writeTokenStorageToStream(DataOutputStream os) throws IOException {
    writeTokenStorageToStream(os, SerializedFormat.WRITABLE);
  }

  public void writeTokenStorageToStream(DataOutputStream os, SerializedFormat format) throws IOException {
    os.write(MAGIC);
    os.write(format.value);
    write(os);
    os.flush();
  }

  /** Reads the token storage form, replacing what this holds. */
  public void readTokenStorageStream(DataInputStream in) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("Bad header found in token storage.");
    }
    byte version = in.readByte();
    if (version != SerializedFormat.WRITABLE.value) {
      throw new IOException("Unknown version " + version + " in token storage; Quern reads version "
          + SerializedFormat.WRITABLE.value + " (Writable), not Hadoop's protobuf form.");
    }
    readFields(in);
  }

  /** Writes the token storage form to {@code filename} in its file system. */
  public void writeTokenStorageFile(Path filename, Configuration conf) throws IOException {
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(filename.getFileSystem(conf).create(filename, true)))) {
      writeTokenStorageToStream(out);
    }
  }

  /** What {@link #writeTokenStorageFile} wrote to {@code filename}. */
  public static Credentials readTokenStorageFile(Path filename, Configuration conf) throws IOException {
    try (InputStream in = filename.getFileSystem(conf).open(filename)) {
      return read(in);
    } catch (IOException e) {
      throw new IOException("Exception reading " + filename + ": " + e.getMessage(), e);
    }
  }

  /** What {@link #writeTokenStorageFile} wrote to the local file {@code filename}. */
  public static Credentials readTokenStorageFile(File filename, Configuration conf) throws IOException {
    try (InputStream in = Files.newInputStream(filename.toPath())) {
      return read(in);
    } catch (IOException e) {
      throw new IOException("Exception reading " + filename + ": " + e.getMessage(), e);
    }
  }

  private static Credentials read(InputStream raw) throws IOException {
    Credentials c = new Credentials();
    c.readTokenStorageStream(new DataInputStream(new BufferedInputStream(raw)));
    return c;
  }

  /** The token storage form as bytes. */
  public byte[] toTokenStorageBytes() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try {
      writeTokenStorageToStream(new DataOutputStream(b));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array does not fail
    }
    return b.toByteArray();
  }

  /** Credentials from what {@link #toTokenStorageBytes()} returned; empty for null or no bytes. */
  public static Credentials fromTokenStorageBytes(byte[] bytes) throws IOException {
    Credentials c = new Credentials();
    if (bytes != null && bytes.length > 0) {
      c.readTokenStorageStream(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    }
    return c;
  }

  /** Whether this holds neither a key nor a token. */
  public synchronized boolean isEmpty() {
    return secretKeys.isEmpty() && tokens.isEmpty();
  }

  /** The aliases only: a key's bytes or a token's password never go into a log line. */
  @Override
  public synchronized String toString() {
    return "Credentials[secret keys " + secretKeys.keySet() + ", tokens " + tokens.keySet() + "]";
  }
}
