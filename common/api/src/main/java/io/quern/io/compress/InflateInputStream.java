package io.quern.io.compress;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads what {@link DeflateOutputStream} writes, zlib or gzip framed. Pieces that follow each
 * other (concatenated gzip members, as {@code cat a.gz b.gz} makes, or zlib streams) read as
 * one stream, as with Hadoop's codecs; each gzip member's CRC32 and length are checked.
 */
final class InflateInputStream extends CompressionInputStream {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private enum State { PIECE_START, BODY, END }

  private final boolean gzip;
  private final String format;
  private final Inflater inflater;
  private final CRC32 crc = new CRC32();
  /** Compressed bytes read from {@code in}; [pos, lim) not yet given to the inflater or parsed. */
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private long pieceBytes;
  private State state = State.PIECE_START;
  private boolean closed;

  InflateInputStream(InputStream in, boolean gzip) {
    super(in);
    this.gzip = gzip;
    this.format = gzip ? "gzip" : "zlib";
    this.inflater = new Inflater(gzip);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read from a closed decompression stream");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      switch (state) {
        case END:
          return -1;
        case PIECE_START:
          if (pos >= lim && !fill()) {
            state = State.END;
            return -1;
          }
          if (gzip) {
            readGzipHeader();
          }
          state = State.BODY;
          inflater.setInput(buf, pos, lim - pos);
          pos = lim;
          break;
        case BODY:
          int n;
          try {
            n = inflater.inflate(b, off, len);
          } catch (DataFormatException e) {
            throw new IOException("corrupt " + format + " data: " + e.getMessage(), e);
          }
          if (n > 0) {
            if (gzip) {
              crc.update(b, off, n);
            }
            pieceBytes += n;
            return n;
          }
          if (inflater.finished()) {
            // The inflater holds what it did not use of buf: the trailer and any next piece.
            pos = lim - inflater.getRemaining();
            if (gzip) {
              readGzipTrailer();
            }
            inflater.reset();
            crc.reset();
            pieceBytes = 0;
            state = State.PIECE_START;
          } else if (inflater.needsDictionary()) {
            throw new IOException("corrupt " + format + " data: it asks for a preset dictionary");
          } else if (inflater.needsInput()) {
            if (!fill()) {
              throw new EOFException("the " + format + " data ends before its end marker");
            }
            inflater.setInput(buf, pos, lim - pos);
            pos = lim;
          }
          break;
        default:
          throw new IllegalStateException(state.toString());
      }
    }
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    pos = 0;
    lim = Math.max(n, 0);
    return n > 0;
  }

  private int readByte() throws IOException {
    if (pos >= lim && !fill()) {
      throw new EOFException("the gzip data ends inside a member's header or trailer");
    }
    return buf[pos++] & 0xff;
  }

  private int readShortLe() throws IOException {
    return readByte() | readByte() << 8;
  }

  private long readIntLe() throws IOException {
    return (readShortLe() | (long) readShortLe() << 16) & 0xffffffffL;
  }

  private void readGzipHeader() throws IOException {
    if (readByte() != 0x1f || readByte() != 0x8b) {
      throw new IOException("not in gzip format: a member does not start with the gzip magic 1f 8b");
    }
    if (readByte() != 8) {
      throw new IOException("unsupported gzip compression method (only deflate, 8, is defined)");
    }
    int flags = readByte();
    for (int i = 0; i < 6; i++) {
      readByte(); // mtime, extra flags, OS
    }
    if ((flags & FEXTRA) != 0) {
      for (int n = readShortLe(); n > 0; n--) {
        readByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (readByte() != 0) {
        // the original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (readByte() != 0) {
        // a comment
      }
    }
    if ((flags & FHCRC) != 0) {
      readShortLe();
    }
  }

  private void readGzipTrailer() throws IOException {
    long expectedCrc = readIntLe();
    long expectedSize = readIntLe();
    if (expectedCrc != crc.getValue()) {
      throw new IOException("corrupt gzip data: CRC32 " + Long.toHexString(crc.getValue())
          + " instead of " + Long.toHexString(expectedCrc));
    }
    if (expectedSize != (pieceBytes & 0xffffffffL)) {
      throw new IOException("corrupt gzip data: " + pieceBytes + " bytes instead of " + expectedSize);
    }
  }

  @Override
  public void resetState() {
    inflater.reset();
    crc.reset();
    pieceBytes = 0;
    pos = 0;
    lim = 0;
    state = State.PIECE_START;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    inflater.end();
    in.close();
  }
}
