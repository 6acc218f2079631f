package io.quern.io.compress;

import io.quern.io.compress.zlib.BuiltInGzipCompressor;
import io.quern.io.compress.zlib.BuiltInGzipDecompressor;
import io.quern.io.compress.zlib.ZlibCompression;

/**
 * gzip files ({@code .gz}), readable by gzip(1) and Hadoop; concatenated members read as one
 * file. Its compressor writes whole gzip members (one per piece the stream {@link
 * CompressionOutputStream#finish() finishes}); its decompressor reads one member at a time.
 */
public class GzipCodec extends DefaultCodec {

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return BuiltInGzipCompressor.class;
  }

  @Override
  public Compressor createCompressor() {
    return new BuiltInGzipCompressor(ZlibCompression.level(getConf()));
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return BuiltInGzipDecompressor.class;
  }

  @Override
  public Decompressor createDecompressor() {
    return new BuiltInGzipDecompressor();
  }

  @Override
  public String getDefaultExtension() {
    return ".gz";
  }
}
