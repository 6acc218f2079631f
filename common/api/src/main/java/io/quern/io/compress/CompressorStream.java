package io.quern.io.compress;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses what is written to it with a {@link Compressor} into an underlying stream, as
 * Hadoop's class of that name. {@link #finish()} ends one piece of compressed data and {@link
 * #resetState()} starts the next with the same compressor (a record-compressed SequenceFile does
 * so per value). A compressor the caller gave (from {@link CodecPool}, say) stays the caller's:
 * closing the stream does not end it, so it can go back to the pool.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's CompressorStream is).
 */
public class CompressorStream extends CompressionOutputStream {

  static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

  protected final Compressor compressor;
  protected final byte[] buffer;
  private final boolean endCompressorOnClose;
  private boolean finished;
  private boolean closed;

  /** Compresses with {@code compressor}, which the caller keeps and ends. */
  public CompressorStream(OutputStream out, Compressor compressor, int bufferSize) {
    this(out, compressor, bufferSize, false);
  }

  public CompressorStream(OutputStream out, Compressor compressor) {
    this(out, compressor, DEFAULT_BUFFER_SIZE);
  }

  /** @param endCompressorOnClose whether the stream owns {@code compressor} and ends it in {@link #close()} */
  CompressorStream(OutputStream out, Compressor compressor, int bufferSize, boolean endCompressorOnClose) {
    super(out);
    if (compressor == null) {
      throw new NullPointerException("compressor");
    }
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("buffer size must be positive, not " + bufferSize);
    }
    this.compressor = compressor;
    this.buffer = new byte[bufferSize];
    this.endCompressorOnClose = endCompressorOnClose;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("write to a closed compression stream");
    }
    if (finished) {
      throw new IOException("write after finish() without resetState()");
    }
    if ((off | len | (off + len) | (b.length - (off + len))) < 0) {
      throw new IndexOutOfBoundsException("offset " + off + ", length " + len + " in " + b.length + " bytes");
    }
    if (len == 0) {
      return;
    }
    compressor.setInput(b, off, len);
    // The compressor may hold b itself: it must take all of it before the caller gets b back.
    while (!compressor.needsInput()) {
      compress();
    }
  }

  /** Writes what the compressor has ready, at most a buffer's worth. */
  protected void compress() throws IOException {
    int n = compressor.compress(buffer, 0, buffer.length);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished || closed) {
      return;
    }
    compressor.finish();
    while (!compressor.finished()) {
      compress();
    }
    finished = true;
  }

  @Override
  public void resetState() {
    compressor.reset();
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
      if (endCompressorOnClose) {
        compressor.end();
      }
    }
  }
}
