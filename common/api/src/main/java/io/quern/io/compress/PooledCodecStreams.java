package io.quern.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Codec streams whose coder comes from {@link CodecPool} and goes back to it when the stream is
 * closed (also when closing fails): for code that makes a stream per file or per segment, so
 * that one coder serves them all instead of each making its own.
 */
public final class PooledCodecStreams {

  private PooledCodecStreams() {
  }

  /** Compresses into {@code out} with a pooled compressor; closing it closes {@code out}. */
  public static CompressionOutputStream output(CompressionCodec codec, OutputStream out) throws IOException {
    Compressor compressor = CodecPool.getCompressor(codec);
    try {
      return new ReturningOutput(codec.createOutputStream(out, compressor), compressor);
    } catch (IOException | RuntimeException e) {
      CodecPool.returnCompressor(compressor);
      throw e;
    }
  }

  /** Decompresses from {@code in} with a pooled decompressor; closing it closes {@code in}. */
  public static CompressionInputStream input(CompressionCodec codec, InputStream in) throws IOException {
    Decompressor decompressor = CodecPool.getDecompressor(codec);
    try {
      return new ReturningInput(codec.createInputStream(in, decompressor), decompressor);
    } catch (IOException | RuntimeException e) {
      CodecPool.returnDecompressor(decompressor);
      throw e;
    }
  }

  /** The codec's stream, and the compressor back to the pool once it is closed. */
  private static final class ReturningOutput extends CompressionOutputStream {
    private final CompressionOutputStream stream;
    /** Confined to the thread writing the stream; null once given back to the pool. */
    private Compressor compressor;

    ReturningOutput(CompressionOutputStream stream, Compressor compressor) {
      super(stream);
      this.stream = stream;
      this.compressor = compressor;
    }

    @Override
    public void write(int b) throws IOException {
      stream.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      stream.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      stream.flush();
    }

    @Override
    public void finish() throws IOException {
      stream.finish();
    }

    @Override
    public void resetState() throws IOException {
      stream.resetState();
    }

    @Override
    public void close() throws IOException {
      try {
        stream.close();
      } finally {
        // Once only: a second close must not hand back a compressor someone else took meanwhile.
        CodecPool.returnCompressor(compressor);
        compressor = null;
      }
    }
  }

  /** The codec's stream, and the decompressor back to the pool once it is closed. */
  private static final class ReturningInput extends CompressionInputStream {
    private final CompressionInputStream stream;
    /** Confined to the thread reading the stream; null once given back to the pool. */
    private Decompressor decompressor;

    ReturningInput(CompressionInputStream stream, Decompressor decompressor) {
      super(stream);
      this.stream = stream;
      this.decompressor = decompressor;
    }

    @Override
    public int read() throws IOException {
      return stream.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return stream.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      return stream.skip(n);
    }

    @Override
    public int available() throws IOException {
      return stream.available();
    }

    @Override
    public void resetState() throws IOException {
      stream.resetState();
    }

    @Override
    public void close() throws IOException {
      try {
        stream.close();
      } finally {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }
}
