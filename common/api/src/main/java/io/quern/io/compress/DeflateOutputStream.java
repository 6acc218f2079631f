package io.quern.io.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Deflate in zlib framing (RFC 1950, {@link DefaultCodec}) or gzip framing (RFC 1952, one
 * member per piece, {@link GzipCodec}). Unlike the JDK's streams it can {@link #finish()} a
 * piece and {@link #resetState() start another} with the same deflater, which a
 * record-compressed SequenceFile does once per value.
 */
final class DeflateOutputStream extends CompressionOutputStream {

  private static final byte[] GZIP_HEADER = {
      0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final boolean gzip;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[64 * 1024];
  private long pieceBytes;
  private boolean started;
  private boolean finished;
  private boolean closed;

  DeflateOutputStream(OutputStream out, boolean gzip, int level) {
    super(out);
    this.gzip = gzip;
    // nowrap: gzip has its own header and trailer around the raw deflate data.
    this.deflater = new Deflater(level, gzip);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("write to a closed compression stream");
    }
    if (finished) {
      throw new IOException("write after finish() without resetState()");
    }
    if (len == 0) {
      return;
    }
    start();
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      drain();
    }
    if (gzip) {
      crc.update(b, off, len);
    }
    pieceBytes += len;
  }

  private void start() throws IOException {
    if (!started) {
      started = true;
      if (gzip) {
        out.write(GZIP_HEADER);
      }
    }
  }

  private void drain() throws IOException {
    int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
    if (n > 0) {
      out.write(buf, 0, n);
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished || closed) {
      return;
    }
    start();
    deflater.finish();
    while (!deflater.finished()) {
      drain();
    }
    if (gzip) {
      writeIntLe(crc.getValue());
      writeIntLe(pieceBytes);
    }
    finished = true;
  }

  private void writeIntLe(long v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
  }

  @Override
  public void resetState() {
    deflater.reset();
    crc.reset();
    pieceBytes = 0;
    started = false;
    finished = false;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      super.close();
    } finally {
      closed = true;
      deflater.end();
    }
  }
}
