package io.quern.mapreduce.runtime;

import io.quern.conf.Configuration;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.io.compress.DefaultCodec;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;

/**
 * The codec of a job's map output ({@value MRJobConfig#MAP_OUTPUT_COMPRESS},
 * {@value MRJobConfig#MAP_OUTPUT_COMPRESS_CODEC}): maps write every partition segment of their
 * spills and final output compressed with it, and reducers read what they fetch with it.
 */
public final class MapOutputCodec {
  private MapOutputCodec() {}

  /** The job's map output codec, or null when map output is not compressed. */
  public static CompressionCodec of(Configuration conf) {
    if (!MapredKeys.MAP_OUTPUT_COMPRESS.getBoolean(conf)) {
      return null;
    }
    String name = conf.getTrimmed(MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC);
    Class<? extends CompressionCodec> c = name == null || name.isEmpty() ? DefaultCodec.class
        : CompressionCodecFactory.codecClass(name, conf, MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC);
    return CompressionCodecFactory.newCodec(c, conf);
  }
}
