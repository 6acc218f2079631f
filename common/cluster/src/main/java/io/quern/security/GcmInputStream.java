package io.quern.security;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the records of {@link GcmOutputStream}. A length outside 1..{@value
 * GcmOutputStream#MAX_RECORD} or a failed tag is an IOException, and nothing of that record is
 * returned. End of stream is clean only between records.
 */
final class GcmInputStream extends InputStream {
  /** Not thread-safe, as any stream: owned by the one thread reading the connection; so are the fields below. */
  private final InputStream in;
  private final SecretKeySpec key;
  private final boolean encrypted;
  private final Cipher cipher = GcmOutputStream.newCipher();
  private final byte[] frame = new byte[4 + GcmOutputStream.MAX_RECORD + GcmOutputStream.TAG];
  private final byte[] plain = new byte[GcmOutputStream.MAX_RECORD + GcmOutputStream.TAG];
  /** What read() serves from: the decrypted bytes, or the frame itself for a record sent in the clear. */
  private byte[] served = plain;
  private int pos;
  private int limit;
  private long sequence;
  private boolean eof;

  GcmInputStream(InputStream in, byte[] key, boolean encrypted) {
    this.in = in;
    this.key = new SecretKeySpec(key, "AES");
    this.encrypted = encrypted;
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !nextRecord()) {
      return -1;
    }
    return served[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !nextRecord()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(served, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  private boolean nextRecord() throws IOException {
    if (eof) {
      return false;
    }
    int got = readUpTo(frame, 0, 4);
    if (got == 0) {
      eof = true;
      return false;
    }
    if (got < 4) {
      throw new EOFException("encrypted stream ends inside a record header");
    }
    int length = ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
    if (length < 1 || length > GcmOutputStream.MAX_RECORD) {
      throw new IOException("encrypted record claims " + length + " bytes, outside 1.." + GcmOutputStream.MAX_RECORD);
    }
    int sealed = length + GcmOutputStream.TAG;
    if (readUpTo(frame, 4, sealed) < sealed) {
      throw new EOFException("encrypted stream ends inside a record");
    }
    try {
      if (encrypted) {
        cipher.init(Cipher.DECRYPT_MODE, key, GcmOutputStream.nonce(sequence++));
        cipher.updateAAD(frame, 0, 4);
        limit = cipher.doFinal(frame, 4, sealed, plain, 0);
        served = plain;
        pos = 0;
      } else {
        // Sent in the clear with the tag of its encryption: encrypt it again and compare tags.
        cipher.init(Cipher.ENCRYPT_MODE, key, GcmOutputStream.nonce(sequence++));
        cipher.updateAAD(frame, 0, 4);
        cipher.doFinal(frame, 4, length, plain, 0);
        // Compared in constant time, in place (no copies per record).
        int diff = 0;
        for (int i = 0; i < GcmOutputStream.TAG; i++) {
          diff |= plain[length + i] ^ frame[4 + length + i];
        }
        if (diff != 0) {
          throw new AEADBadTagException("tag mismatch");
        }
        served = frame;
        pos = 4;
        limit = 4 + length;
      }
    } catch (AEADBadTagException e) {
      throw new IOException("RPC record failed authentication: altered, injected, replayed or reordered");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot decrypt a record: " + e.getMessage(), e);
    }
    return true;
  }

  private int readUpTo(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = in.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
