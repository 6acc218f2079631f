package io.quern.streaming;

import io.quern.conf.BooleanKey;
import io.quern.conf.Configuration;
import io.quern.conf.StringKey;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.lib.input.TextInputFormat;

/** Hadoop Streaming's configuration keys, each declared with its default in mapred-default.xml. */
public final class StreamKeys {
  public static final String MAP_COMMAND = "stream.map.streamprocessor";
  public static final String COMBINE_COMMAND = "stream.combine.streamprocessor";
  public static final String REDUCE_COMMAND = "stream.reduce.streamprocessor";
  public static final String MAP_INPUT_SEPARATOR = "stream.map.input.field.separator";
  public static final String MAP_INPUT_IGNORE_KEY = "stream.map.input.ignoreKey";
  public static final String MAP_OUTPUT_SEPARATOR = "stream.map.output.field.separator";
  public static final String MAP_OUTPUT_KEY_FIELDS = "stream.num.map.output.key.fields";
  public static final String REDUCE_INPUT_SEPARATOR = "stream.reduce.input.field.separator";
  public static final String REDUCE_OUTPUT_SEPARATOR = "stream.reduce.output.field.separator";
  public static final String REDUCE_OUTPUT_KEY_FIELDS = "stream.num.reduce.output.key.fields";
  public static final String ENVIRONMENT = "stream.addenvironment";
  public static final String NON_ZERO_EXIT_IS_FAILURE = "stream.non.zero.exit.is.failure";
  public static final String REPORTER_PREFIX = "stream.stderr.reporter.prefix";

  /** Whether a streaming program that exits with a non-zero status fails its task attempt. */
  public static final BooleanKey FAIL_ON_NON_ZERO_EXIT = new BooleanKey(NON_ZERO_EXIT_IS_FAILURE);
  /** Prefix of the stderr lines by which a streaming program updates counters and status. */
  public static final StringKey STDERR_REPORTER_PREFIX = new StringKey(REPORTER_PREFIX);

  private StreamKeys() {}

  /**
   * A separator: any string, a tab by default. Configuration files trim their values, so an
   * empty one stands for the default tab, as in TextOutputFormat.
   */
  public static String separator(Configuration conf, String key) {
    String s = conf.get(key, "");
    return s.isEmpty() ? "\t" : s;
  }

  /** How many separated fields make the key: at least 1. */
  public static int keyFields(Configuration conf, String key) {
    int n = conf.getInt(key, 1);
    if (n < 1) {
      throw conf.bad(key, String.valueOf(n), "a number of key fields of at least 1");
    }
    return n;
  }

  /** Whether the mapper gets values only: as set, else exactly for TextInputFormat (whose keys are byte offsets). */
  public static boolean ignoreMapInputKey(Configuration conf, Class<? extends InputFormat<?, ?>> inputFormat) {
    String v = conf.getTrimmed(MAP_INPUT_IGNORE_KEY);
    if (v == null) {
      return inputFormat == TextInputFormat.class;
    }
    return conf.getBoolean(MAP_INPUT_IGNORE_KEY, false);
  }
}
