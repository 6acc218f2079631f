package io.quern.security;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes AES-256-GCM records: {@code length[4] ciphertext+tag[length + 16]}, at most {@value
 * #MAX_RECORD} plaintext bytes each, sealed when the buffer fills or on {@link #flush()}. The
 * nonce is the record's sequence number; keys are fresh per connection and direction, so a nonce
 * never repeats under one key. The length is authenticated as associated data; reordering,
 * dropping or replaying a record breaks the next tag check. Without encryption the record is
 * {@code length[4] plaintext[length] tag[16]}: the tag of the record's AES-GCM encryption, whose
 * ciphertext is not sent (the reader computes it again from the plaintext and compares tags). The
 * same integrity (no byte of a connection can be altered, injected or replayed by whoever relays
 * it); and the JDK's AES-GCM encryption path is its fastest, faster than GHASH over associated data.
 *
 * <p>Not thread-safe: RMI writes a connection from one thread at a time.
 */
final class GcmOutputStream extends OutputStream {
  static final int MAX_RECORD = 64 * 1024;
  static final int TAG = 16;

  /** Not thread-safe, as any stream: owned by the one thread writing the connection; so are the fields below. */
  private final OutputStream out;
  private final SecretKeySpec key;
  private final boolean encrypt;
  private final Cipher cipher;
  /**
   * Where written bytes gather: encrypted, a buffer of their own (the ciphertext goes to the
   * frame); sent in the clear, the frame itself after its length, so they are copied once.
   */
  private final byte[] buffer;
  private final int base;
  private final byte[] frame = new byte[4 + MAX_RECORD + TAG];
  /** The ciphertext of a record that is sent in the clear with its tag; allocated when needed. */
  private byte[] scratch;
  private int count;
  private long sequence;

  GcmOutputStream(OutputStream out, byte[] key, boolean encrypt) {
    this.out = out;
    this.key = new SecretKeySpec(key, "AES");
    this.encrypt = encrypt;
    this.cipher = newCipher();
    this.buffer = encrypt ? new byte[MAX_RECORD] : frame;
    this.base = encrypt ? 0 : 4;
  }

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is missing from this JDK", e);
    }
  }

  static GCMParameterSpec nonce(long sequence) {
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (sequence >>> (56 - 8 * i));
    }
    return new GCMParameterSpec(TAG * 8, iv);
  }

  @Override
  public void write(int b) throws IOException {
    if (count == MAX_RECORD) {
      seal();
    }
    buffer[base + count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (count == MAX_RECORD) {
        seal();
      }
      int n = Math.min(len, MAX_RECORD - count);
      System.arraycopy(b, off, buffer, base + count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (count > 0) {
      seal();
    }
    out.flush();
  }

  private void seal() throws IOException {
    frame[0] = (byte) (count >>> 24);
    frame[1] = (byte) (count >>> 16);
    frame[2] = (byte) (count >>> 8);
    frame[3] = (byte) count;
    int sealed;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nonce(sequence++));
      cipher.updateAAD(frame, 0, 4);
      if (encrypt) {
        sealed = cipher.doFinal(buffer, 0, count, frame, 4);
      } else {
        if (scratch == null) {
          scratch = new byte[MAX_RECORD + TAG];
        }
        cipher.doFinal(frame, 4, count, scratch, 0);
        System.arraycopy(scratch, count, frame, 4 + count, TAG);
        sealed = count + TAG;
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encrypt a record: " + e.getMessage(), e);
    }
    out.write(frame, 0, 4 + sealed);
    count = 0;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
