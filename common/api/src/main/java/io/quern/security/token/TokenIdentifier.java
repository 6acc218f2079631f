package io.quern.security.token;

import io.quern.io.DataOutputBuffer;
import io.quern.io.Text;
import io.quern.io.Writable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What a {@link Token} stands for, as its issuer encodes it in the token's identifier bytes
 * (Hadoop's {@code TokenIdentifier}). A kind of identifier registered as a
 * {@code java.util.ServiceLoader} provider of this class can be decoded back from a token
 * ({@link Token#decodeIdentifier()}).
 */
public abstract class TokenIdentifier implements Writable {
  /** The kind of token this identifies; a token carries the same kind. */
  public abstract Text getKind();

  /** The identifier as written by {@link #write}: the bytes a token of it carries. */
  public byte[] getBytes() {
    DataOutputBuffer buf = new DataOutputBuffer();
    try {
      write(buf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a " + getKind() + " token identifier", e);
    }
    return Arrays.copyOf(buf.getData(), buf.getLength());
  }
}
