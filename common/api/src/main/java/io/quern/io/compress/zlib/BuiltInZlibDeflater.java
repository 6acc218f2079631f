package io.quern.io.compress.zlib;

import io.quern.conf.Configuration;
import io.quern.io.compress.Compressor;
import java.util.zip.Deflater;

/**
 * The JDK's zlib deflater as a {@link Compressor}, as Hadoop's class of that name: zlib framing
 * (RFC 1950) by default, raw deflate with {@code nowrap}. The deflater's own methods are the
 * compressor's; {@link #compress} is {@link #deflate}. What it holds is native memory, which
 * pooling it ({@link io.quern.io.compress.CodecPool}) keeps from being made anew per stream.
 */
public class BuiltInZlibDeflater extends Deflater implements Compressor {

  public BuiltInZlibDeflater() {
    super();
  }

  public BuiltInZlibDeflater(int level) {
    super(level);
  }

  public BuiltInZlibDeflater(int level, boolean nowrap) {
    super(level, nowrap);
  }

  @Override
  public int compress(byte[] b, int off, int len) {
    return deflate(b, off, len);
  }

  /** Resets and takes up the level {@code conf} sets ({@value ZlibCompression#LEVEL_KEY}; the default for null). */
  @Override
  public void reinit(Configuration conf) {
    int level = ZlibCompression.level(conf);
    reset();
    // Takes effect from the first deflate() of the new data, since none is pending after reset().
    setLevel(level);
  }
}
