package io.quern.mapreduce;

import io.quern.conf.Configuration;
import java.util.concurrent.TimeUnit;

/**
 * A job's task timeout: how long an attempt may report no progress before it is killed and
 * failed. Hadoop 2's {@code mapreduce.task.timeout} wins over Hadoop 1's {@code
 * mapred.task.timeout}; 0 (or less) means never.
 */
public final class TaskTimeouts {
  public static final String KEY = "mapreduce.task.timeout";
  public static final String OLD_KEY = "mapred.task.timeout";

  private TaskTimeouts() {}

  /** The timeout {@code conf} sets in milliseconds (0 = never), or {@code dflt} when it sets none. */
  public static long millis(Configuration conf, long dflt) {
    for (String key : new String[] {KEY, OLD_KEY}) {
      String v = conf.getTrimmed(key);
      if (v != null && v.startsWith("-")) {
        return 0; // Hadoop reads any value <= 0 as "never"
      }
      if (v != null) {
        return conf.getTimeDuration(key, dflt, TimeUnit.MILLISECONDS);
      }
    }
    return dflt;
  }

  /** The key that set the timeout in {@code conf}, for messages; the new name when neither is set. */
  public static String keyOf(Configuration conf) {
    return conf.getTrimmed(KEY) == null && conf.getTrimmed(OLD_KEY) != null ? OLD_KEY : KEY;
  }
}
