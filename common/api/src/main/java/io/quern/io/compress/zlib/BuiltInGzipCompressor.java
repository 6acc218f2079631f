package io.quern.io.compress.zlib;

import io.quern.conf.Configuration;
import io.quern.io.compress.Compressor;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses into one gzip member (RFC 1952) per piece of data: the 10-byte header, raw deflate
 * data from the JDK's deflater, and the trailer (CRC32 and length of the input). A whole member
 * comes out of the compressor itself, so any stream driving it ({@link
 * io.quern.io.compress.CompressorStream}) writes files gzip(1) reads, and a {@link #reset()}
 * starts the next member with the same native deflater, as Hadoop's class of that name does.
 *
 * <p>Confined to the thread using it, as Hadoop's is; a pooled one passes between threads through
 * CodecPool's lock.
 */
public class BuiltInGzipCompressor implements Compressor {

  /** No file name, no modification time, OS "unknown": the output depends on the input only. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int TRAILER_SIZE = 8;

  private enum State { HEADER, BODY, TRAILER, DONE }

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] trailer = new byte[TRAILER_SIZE];
  private State state = State.HEADER;
  /** Bytes of the header or trailer already given out. */
  private int framingPos;
  private long bytesRead;
  private long bytesWritten;

  public BuiltInGzipCompressor() {
    this(Deflater.DEFAULT_COMPRESSION);
  }

  public BuiltInGzipCompressor(int level) {
    // nowrap: the member's own header and trailer stand around raw deflate data.
    this.deflater = new Deflater(level, true);
  }

  @Override
  public void setInput(byte[] b, int off, int len) {
    if (state == State.TRAILER || state == State.DONE) {
      throw new IllegalStateException("input after the gzip member ended; reset() starts the next one");
    }
    deflater.setInput(b, off, len);
    // The deflater may keep b without copying it, but the CRC needs the bytes only now.
    crc.update(b, off, len);
    bytesRead += len;
  }

  @Override
  public boolean needsInput() {
    return (state == State.HEADER || state == State.BODY) && deflater.needsInput();
  }

  @Override
  public void setDictionary(byte[] b, int off, int len) {
    throw new UnsupportedOperationException("gzip has no preset dictionary");
  }

  @Override
  public long getBytesRead() {
    return bytesRead;
  }

  @Override
  public long getBytesWritten() {
    return bytesWritten;
  }

  @Override
  public void finish() {
    deflater.finish();
  }

  @Override
  public boolean finished() {
    return state == State.DONE;
  }

  @Override
  public int compress(byte[] b, int off, int len) {
    int n = 0;
    if (state == State.HEADER) {
      n += copyFraming(HEADER, b, off, len);
      if (framingPos == HEADER.length) {
        state = State.BODY;
        framingPos = 0;
      }
    }
    if (state == State.BODY && n < len) {
      n += deflater.deflate(b, off + n, len - n);
      if (deflater.finished()) {
        putIntLe(trailer, 0, crc.getValue());
        putIntLe(trailer, 4, bytesRead);
        state = State.TRAILER;
      }
    }
    if (state == State.TRAILER && n < len) {
      n += copyFraming(trailer, b, off + n, len - n);
      if (framingPos == TRAILER_SIZE) {
        state = State.DONE;
      }
    }
    bytesWritten += n;
    return n;
  }

  private int copyFraming(byte[] framing, byte[] b, int off, int len) {
    int n = Math.min(len, framing.length - framingPos);
    System.arraycopy(framing, framingPos, b, off, n);
    framingPos += n;
    return n;
  }

  /** Little-endian, the low 32 bits: gzip keeps the length modulo 2^32. */
  private static void putIntLe(byte[] b, int at, long v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
    b[at + 2] = (byte) (v >> 16);
    b[at + 3] = (byte) (v >> 24);
  }

  @Override
  public void reset() {
    deflater.reset();
    crc.reset();
    state = State.HEADER;
    framingPos = 0;
    bytesRead = 0;
    bytesWritten = 0;
  }

  @Override
  public void end() {
    deflater.end();
  }

  /** Resets and takes up the level {@code conf} sets ({@value ZlibCompression#LEVEL_KEY}; the default for null). */
  @Override
  public void reinit(Configuration conf) {
    int level = ZlibCompression.level(conf);
    reset();
    deflater.setLevel(level);
  }
}
