package io.quern.io.compress.zlib;

import io.quern.io.compress.Decompressor;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses one gzip member (RFC 1952): parses its header (any optional fields), inflates the
 * raw deflate data with the JDK's inflater and checks the trailer's CRC32 and length. It is
 * {@link #finished()} after the trailer; what followed in the input ({@link #getRemaining()}) is
 * the next member, which {@link io.quern.io.compress.DecompressorStream} reads after a {@link
 * #reset()}, so concatenated members read as one file, as in Hadoop.
 *
 * <p>Confined to the thread using it, as Hadoop's is; a pooled one passes between threads through
 * CodecPool's lock.
 */
public class BuiltInGzipDecompressor implements Decompressor {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int TRAILER_SIZE = 8;
  /** Header bytes taken from the input at a time; most headers are 10 bytes. */
  private static final int HEADER_STEP = 256;

  private enum State { HEADER, BODY, TRAILER, FINISHED }

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private State state = State.HEADER;
  /** Input not yet used, outside the body (in the body the inflater holds it). */
  private byte[] input;
  private int inputOff;
  private int inputLen;
  /** End of the last input, which the inflater's remaining bytes are counted back from. */
  private int inputEnd;
  /** The header so far: it may arrive split over several inputs. */
  private byte[] header = new byte[HEADER_STEP];
  private int headerLen;
  private final byte[] trailer = new byte[TRAILER_SIZE];
  private int trailerLen;
  private long memberBytes;

  @Override
  public void setInput(byte[] b, int off, int len) {
    input = b;
    inputOff = off;
    inputLen = len;
    inputEnd = off + len;
    if (state == State.BODY) {
      inflater.setInput(b, off, len);
      inputLen = 0;
    }
  }

  @Override
  public boolean needsInput() {
    return switch (state) {
      case HEADER, TRAILER -> inputLen == 0;
      case BODY -> inflater.needsInput();
      case FINISHED -> false;
    };
  }

  @Override
  public void setDictionary(byte[] b, int off, int len) {
    inflater.setDictionary(b, off, len);
  }

  @Override
  public boolean needsDictionary() {
    return state == State.BODY && inflater.needsDictionary();
  }

  @Override
  public boolean finished() {
    return state == State.FINISHED;
  }

  @Override
  public int decompress(byte[] b, int off, int len) throws IOException {
    while (true) {
      switch (state) {
        case HEADER:
          if (inputLen == 0 || !takeHeader()) {
            return 0;
          }
          break;
        case BODY:
          int n;
          try {
            n = inflater.inflate(b, off, len);
          } catch (DataFormatException e) {
            throw new IOException("corrupt gzip data: " + e.getMessage(), e);
          }
          if (n > 0) {
            crc.update(b, off, n);
            memberBytes += n;
            return n;
          }
          if (!inflater.finished()) {
            if (inflater.needsDictionary()) {
              throw new IOException("corrupt gzip data: it asks for a preset dictionary");
            }
            return 0;
          }
          // What the inflater did not use ends the last input: the trailer and anything after.
          inputLen = inflater.getRemaining();
          inputOff = inputEnd - inputLen;
          state = State.TRAILER;
          break;
        case TRAILER:
          if (inputLen == 0) {
            return 0;
          }
          int take = Math.min(TRAILER_SIZE - trailerLen, inputLen);
          System.arraycopy(input, inputOff, trailer, trailerLen, take);
          trailerLen += take;
          inputOff += take;
          inputLen -= take;
          if (trailerLen == TRAILER_SIZE) {
            checkTrailer();
            state = State.FINISHED;
          }
          break;
        case FINISHED:
          return 0;
        default:
          throw new IllegalStateException(state.toString());
      }
    }
  }

  /** Moves input into the header; once it is whole, gives the inflater what follows it and returns true. */
  private boolean takeHeader() throws IOException {
    int take = Math.min(HEADER_STEP, inputLen);
    if (headerLen + take > header.length) {
      header = Arrays.copyOf(header, Math.max(header.length * 2, headerLen + take));
    }
    System.arraycopy(input, inputOff, header, headerLen, take);
    headerLen += take;
    inputOff += take;
    inputLen -= take;
    int length = headerLength(header, headerLen);
    if (length < 0) {
      return false;
    }
    // Bytes past the header's end were taken too: they are the start of the body.
    int extra = headerLen - length;
    inputOff -= extra;
    inputLen += extra;
    state = State.BODY;
    inflater.setInput(input, inputOff, inputLen);
    inputLen = 0;
    return true;
  }

  /** The length of the header {@code h[0, n)} starts, or -1 if it is longer than {@code n}. */
  private static int headerLength(byte[] h, int n) throws IOException {
    if ((n >= 1 && (h[0] & 0xff) != 0x1f) || (n >= 2 && (h[1] & 0xff) != 0x8b)) {
      throw new IOException("not in gzip format: a member does not start with the gzip magic 1f 8b");
    }
    if (n >= 3 && h[2] != 8) {
      throw new IOException("unsupported gzip compression method " + h[2] + " (only deflate, 8, is defined)");
    }
    if (n < 10) {
      return -1;
    }
    int flags = h[3] & 0xff;
    int p = 10;
    if ((flags & FEXTRA) != 0) {
      if (n < p + 2) {
        return -1;
      }
      p += 2 + ((h[p] & 0xff) | (h[p + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      p = afterZero(h, p, n);
    }
    if ((flags & FCOMMENT) != 0) {
      p = afterZero(h, p, n);
    }
    if ((flags & FHCRC) != 0 && p >= 0) {
      p += 2;
    }
    return p < 0 || p > n ? -1 : p;
  }

  /** The index after the first zero byte at or after {@code p} (a name's end), or -1 if none before {@code n}. */
  private static int afterZero(byte[] h, int p, int n) {
    if (p < 0) {
      return -1;
    }
    for (int i = p; i < n; i++) {
      if (h[i] == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private void checkTrailer() throws IOException {
    long expectedCrc = intLe(trailer, 0);
    long expectedSize = intLe(trailer, 4);
    if (expectedCrc != crc.getValue()) {
      throw new IOException("corrupt gzip data: CRC32 " + Long.toHexString(crc.getValue()) + " instead of "
          + Long.toHexString(expectedCrc));
    }
    if (expectedSize != (memberBytes & 0xffffffffL)) {
      throw new IOException("corrupt gzip data: " + memberBytes + " bytes instead of " + expectedSize);
    }
  }

  private static long intLe(byte[] b, int at) {
    return ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (long) (b[at + 3] & 0xff) << 24);
  }

  @Override
  public int getRemaining() {
    return state == State.BODY ? inflater.getRemaining() : inputLen;
  }

  @Override
  public void reset() {
    inflater.reset();
    crc.reset();
    state = State.HEADER;
    input = null;
    inputOff = 0;
    inputLen = 0;
    inputEnd = 0;
    headerLen = 0;
    trailerLen = 0;
    memberBytes = 0;
  }

  @Override
  public void end() {
    inflater.end();
  }
}
