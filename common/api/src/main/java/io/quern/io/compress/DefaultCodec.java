package io.quern.io.compress;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.compress.zlib.BuiltInZlibDeflater;
import io.quern.io.compress.zlib.BuiltInZlibInflater;
import io.quern.io.compress.zlib.ZlibCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Deflate in zlib framing, files ending in {@code .deflate}: what Hadoop's DefaultCodec writes.
 * Its coders are the JDK's deflater and inflater, at the level {@value ZlibCompression#LEVEL_KEY}
 * of its configuration.
 */
public class DefaultCodec implements CompressionCodec, Configurable {

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
    return new CompressorStream(out, createCompressor(), CompressorStream.DEFAULT_BUFFER_SIZE, true);
  }

  /** A null {@code compressor} (a codec pool with none to give) means one of the stream's own. */
  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
    if (compressor == null) {
      return createOutputStream(out);
    }
    // Another format's compressor would write that format under this codec's name.
    if (!getCompressorType().isInstance(compressor)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " compresses with a "
          + getCompressorType().getSimpleName() + ", not a " + compressor.getClass().getName());
    }
    return new CompressorStream(out, compressor, CompressorStream.DEFAULT_BUFFER_SIZE);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return BuiltInZlibDeflater.class;
  }

  @Override
  public Compressor createCompressor() {
    return new BuiltInZlibDeflater(ZlibCompression.level(conf));
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new DecompressorStream(in, createDecompressor(), CompressorStream.DEFAULT_BUFFER_SIZE, true);
  }

  /** A null {@code decompressor} means one of the stream's own. */
  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
    if (decompressor == null) {
      return createInputStream(in);
    }
    if (!getDecompressorType().isInstance(decompressor)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " decompresses with a "
          + getDecompressorType().getSimpleName() + ", not a " + decompressor.getClass().getName());
    }
    return new DecompressorStream(in, decompressor, CompressorStream.DEFAULT_BUFFER_SIZE);
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return BuiltInZlibInflater.class;
  }

  @Override
  public Decompressor createDecompressor() {
    return new BuiltInZlibInflater();
  }

  @Override
  public String getDefaultExtension() {
    return ".deflate";
  }
}
