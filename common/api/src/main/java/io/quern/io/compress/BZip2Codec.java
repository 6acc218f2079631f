package io.quern.io.compress;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.compress.bzip2.BZip2DummyCompressor;
import io.quern.io.compress.bzip2.BZip2DummyDecompressor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * bzip2 files ({@code .bz2}), readable by bzip2(1) and Hadoop; the coder is Apache Commons
 * Compress's. Much slower than gzip, for smaller output.
 *
 * <p>As in Hadoop's pure-Java bzip2 path, the coder lives inside the stream: commons-compress
 * gives no coder that can be moved to a new stream, so there is nothing to keep between streams.
 * {@link #createCompressor()} and {@link #createDecompressor()} give placeholders ({@link
 * BZip2DummyCompressor}, {@link BZip2DummyDecompressor}) that {@link CodecPool} leases and takes
 * back like any coder, and the streams made "with" them are the ordinary ones; code written for
 * pooled codecs thus works unchanged with bzip2.
 */
public class BZip2Codec implements CompressionCodec, Configurable {

  /** Written once, by setConf as the codec is made (ReflectionUtils.newInstance), before it is shared. */
  private Configuration conf;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new BZip2Output(out);
  }

  /** {@code compressor} is a placeholder (see the class comment): the stream has its own coder. */
  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
    return new BZip2Output(out);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return BZip2DummyCompressor.class;
  }

  @Override
  public Compressor createCompressor() {
    return new BZip2DummyCompressor();
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new BZip2Input(in);
  }

  /** {@code decompressor} is a placeholder (see the class comment): the stream has its own coder. */
  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
    return new BZip2Input(in);
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return BZip2DummyDecompressor.class;
  }

  @Override
  public Decompressor createDecompressor() {
    return new BZip2DummyDecompressor();
  }

  @Override
  public String getDefaultExtension() {
    return ".bz2";
  }

  /**
   * One bzip2 stream per piece; the coder is made when a piece starts (it holds several MB).
   *
   * <p>Confined to the thread writing the stream.
   */
  private static final class BZip2Output extends CompressionOutputStream {
    /** The coder writes a byte at a time: buffered, and never closing {@link #out} itself. */
    private final BufferedOutputStream buffered;
    private BZip2CompressorOutputStream piece;
    private boolean finished;

    BZip2Output(OutputStream out) {
      super(out);
      this.buffered = new BufferedOutputStream(new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() {
          // finish() ends a piece; only the codec stream's close() closes the underlying stream.
        }
      }, 64 * 1024);
    }

    private BZip2CompressorOutputStream piece() throws IOException {
      if (finished) {
        throw new IOException("write after finish() without resetState()");
      }
      if (piece == null) {
        piece = new BZip2CompressorOutputStream(buffered, BZip2CompressorOutputStream.MAX_BLOCKSIZE);
      }
      return piece;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        piece().write(b, off, len);
      }
    }

    @Override
    public void finish() throws IOException {
      if (finished) {
        return;
      }
      piece().finish();
      buffered.flush();
      piece = null;
      finished = true;
    }

    @Override
    public void resetState() {
      piece = null;
      finished = false;
    }
  }

  /**
   * Decodes bzip2 streams one after another; an empty input is an empty stream.
   *
   * <p>Confined to the thread reading the stream.
   */
  private static final class BZip2Input extends CompressionInputStream {
    private BufferedInputStream buffered;
    private BZip2CompressorInputStream decoder;
    private boolean atEnd;

    BZip2Input(InputStream in) {
      super(in);
      resetState();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (decoder == null) {
        if (atEnd) {
          return -1;
        }
        buffered.mark(1);
        if (buffered.read() < 0) {
          atEnd = true;
          return -1;
        }
        buffered.reset();
        // Made on first read: the decoder reads the stream header in its constructor.
        decoder = new BZip2CompressorInputStream(buffered, true);
      }
      return decoder.read(b, off, len);
    }

    @Override
    public void resetState() {
      buffered = new BufferedInputStream(in, 64 * 1024);
      decoder = null;
      atEnd = false;
    }
  }
}
