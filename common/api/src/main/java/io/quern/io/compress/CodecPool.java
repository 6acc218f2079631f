package io.quern.io.compress;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;

/**
 * Keeps compressors and decompressors that were used and given back, so the next stream of the
 * same codec reuses one instead of making a coder (and, for zlib, allocating its native memory)
 * anew: Hadoop's {@code CodecPool}, with the same calls. A caller that takes one gives it back
 * when done, also when the work failed:
 * <pre>
 *   Compressor c = CodecPool.getCompressor(codec);
 *   try (CompressionOutputStream out = codec.createOutputStream(raw, c)) {
 *     ...
 *   } finally {
 *     CodecPool.returnCompressor(c);
 *   }
 * </pre>
 * Coders are kept per class ({@link CompressionCodec#getCompressorType()}), reset when given back
 * and handed out again most recently returned first. Giving one back while it is in the pool
 * already is ignored; a class marked {@link DoNotPool} is ended instead of kept. The pool is the
 * JVM's and thread-safe; it holds only what was given back, so it never outgrows the most coders
 * in use at once.
 */
public final class CodecPool {

  private static final CoderPool<Compressor> COMPRESSORS = new CoderPool<>("compressor");
  private static final CoderPool<Decompressor> DECOMPRESSORS = new CoderPool<>("decompressor");

  private CodecPool() {
  }

  /**
   * A compressor for {@code codec}: a pooled one reinitialized with {@code conf} (with the
   * codec's own configuration when null, so it compresses as a new one of the codec would),
   * else a new one; null if the codec has none.
   */
  public static Compressor getCompressor(CompressionCodec codec, Configuration conf) {
    Class<? extends Compressor> type = codec.getCompressorType();
    Configuration settings = conf != null ? conf
        : codec instanceof Configurable configurable ? configurable.getConf() : null;
    Compressor compressor = COMPRESSORS.take(type);
    if (compressor == null) {
      compressor = codec.createCompressor();
      if (compressor == null) {
        return null;
      }
      if (conf != null) {
        try {
          compressor.reinit(conf);
        } catch (RuntimeException e) {
          compressor.end();
          throw e;
        }
      }
    } else {
      try {
        compressor.reinit(settings);
      } catch (RuntimeException e) {
        // A bad setting: the compressor itself is fine and goes back to the pool.
        COMPRESSORS.giveBack(compressor, Compressor::reset, Compressor::end);
        throw e;
      }
    }
    COMPRESSORS.leased(compressor, type);
    return compressor;
  }

  /** {@link #getCompressor(CompressionCodec, Configuration)} with the codec's own configuration. */
  public static Compressor getCompressor(CompressionCodec codec) {
    return getCompressor(codec, null);
  }

  /** A decompressor for {@code codec}: a pooled one, else a new one; null if the codec has none. */
  public static Decompressor getDecompressor(CompressionCodec codec) {
    Class<? extends Decompressor> type = codec.getDecompressorType();
    Decompressor decompressor = DECOMPRESSORS.take(type);
    if (decompressor == null) {
      decompressor = codec.createDecompressor();
      if (decompressor == null) {
        return null;
      }
    }
    DECOMPRESSORS.leased(decompressor, type);
    return decompressor;
  }

  /** Resets {@code compressor} and keeps it for reuse (ends it if its class is {@link DoNotPool}); null is ignored. */
  public static void returnCompressor(Compressor compressor) {
    if (compressor != null) {
      COMPRESSORS.giveBack(compressor, Compressor::reset, Compressor::end);
    }
  }

  /** Resets {@code decompressor} and keeps it for reuse (ends it if its class is {@link DoNotPool}); null is ignored. */
  public static void returnDecompressor(Decompressor decompressor) {
    if (decompressor != null) {
      DECOMPRESSORS.giveBack(decompressor, Decompressor::reset, Decompressor::end);
    }
  }

  /** Compressors of {@code codec}'s type handed out and not yet returned ({@link DoNotPool} ones not counted). */
  public static int getLeasedCompressorsCount(CompressionCodec codec) {
    return codec == null ? 0 : COMPRESSORS.leasedCount(codec.getCompressorType());
  }

  /** Decompressors of {@code codec}'s type handed out and not yet returned ({@link DoNotPool} ones not counted). */
  public static int getLeasedDecompressorsCount(CompressionCodec codec) {
    return codec == null ? 0 : DECOMPRESSORS.leasedCount(codec.getDecompressorType());
  }
}
