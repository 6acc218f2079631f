package io.quern.master;

import io.quern.conf.Configuration;
import java.util.concurrent.TimeUnit;

/** The scheduling knobs of the master, read once from the configuration. */
public record SchedulerSettings(
    int maxMapAttempts,
    int maxReduceAttempts,
    float reduceSlowStart,
    long nodeLocalityWaitMillis,
    long rackLocalityWaitMillis,
    boolean speculativeMaps,
    boolean speculativeReduces,
    long speculativeLagMillis,
    float speculativeGap,
    int maxWorkerFailuresPerJob,
    int fetchFailuresToRerun,
    long silentAttemptMillis,
    long namenodeWaitMillis,
    Retention retention,
    double maxWorkerLoad) {

  /**
   * How long the master keeps a finished job in its tables, and how many finished jobs of one
   * user at most, as Hadoop 1's JobTracker retired jobs: past either, a job is known only to its
   * history file (`quern job -history`), so a long-running master's heap does not grow with
   * every job it ever ran.
   */
  public record Retention(long retireAfterMillis, int completedPerUser) {
    public Retention {
      if (retireAfterMillis < 1 || completedPerUser < 1) {
        throw new IllegalArgumentException("job retention must keep jobs a positive time and number, got "
            + retireAfterMillis + " ms and " + completedPerUser);
      }
    }
  }

  public static final String MAP_MAX_ATTEMPTS = "mapred.map.max.attempts";
  public static final String REDUCE_MAX_ATTEMPTS = "mapred.reduce.max.attempts";
  public static final String SLOWSTART = "mapred.reduce.slowstart.completed.maps";
  public static final String NODE_WAIT = "mapred.locality.wait.node";
  public static final String RACK_WAIT = "mapred.locality.wait.rack";
  public static final String SPECULATIVE_MAPS = "mapred.map.tasks.speculative.execution";
  public static final String SPECULATIVE_REDUCES = "mapred.reduce.tasks.speculative.execution";
  public static final String SPECULATIVE_LAG = "mapred.speculative.execution.lag";
  public static final String SPECULATIVE_GAP = "mapred.speculative.execution.gap";
  public static final String MAX_WORKER_FAILURES = "mapred.max.tracker.failures";
  public static final String FETCH_FAILURES = "mapred.fetch.failures.rerun";
  public static final String SILENT_ATTEMPT = "mapred.master.attempt.silence.timeout";
  public static final String RETIRE_AFTER = "mapred.jobtracker.retirejob.interval";
  public static final String COMPLETED_PER_USER = "mapred.jobtracker.completeuserjobs.maximum";
  public static final String MAX_WORKER_LOAD = "mapred.worker.max.load";


  public SchedulerSettings {
    if (maxMapAttempts < 1 || maxReduceAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1");
    }
    if (reduceSlowStart < 0 || reduceSlowStart > 1) {
      throw new IllegalArgumentException("reduce slow start must be within [0, 1]: " + reduceSlowStart);
    }
  }

  public static SchedulerSettings fromConf(Configuration conf) {
    float slowStart = MasterKeys.SLOWSTART.getFloat(conf);
    if (slowStart < 0 || slowStart > 1) {
      throw conf.bad(SLOWSTART, String.valueOf(slowStart), "a fraction within [0, 1]");
    }
    return new SchedulerSettings(
        positive(conf, MasterKeys.MAP_MAX_ATTEMPTS),
        positive(conf, MasterKeys.REDUCE_MAX_ATTEMPTS),
        slowStart,
        MasterKeys.NODE_WAIT.get(conf, TimeUnit.MILLISECONDS),
        MasterKeys.RACK_WAIT.get(conf, TimeUnit.MILLISECONDS),
        MasterKeys.SPECULATIVE_MAPS.getBoolean(conf),
        MasterKeys.SPECULATIVE_REDUCES.getBoolean(conf),
        MasterKeys.SPECULATIVE_LAG.get(conf, TimeUnit.MILLISECONDS),
        MasterKeys.SPECULATIVE_GAP.getFloat(conf),
        positive(conf, MasterKeys.MAX_WORKER_FAILURES),
        positive(conf, MasterKeys.FETCH_FAILURES),
        MasterKeys.SILENT_ATTEMPT.get(conf, TimeUnit.MILLISECONDS),
        io.quern.fs.NamenodeWaits.windowMillis(conf),
        new Retention(positiveMillis(conf, MasterKeys.RETIRE_AFTER), positive(conf, MasterKeys.COMPLETED_PER_USER)),
        maxLoad(conf));
  }

  /** {@value #MAX_WORKER_LOAD}: a positive load average, or NaN (off) when unset. */
  private static double maxLoad(Configuration conf) {
    String v = conf.getTrimmed(MAX_WORKER_LOAD);
    if (v == null) {
      return Double.NaN;
    }
    double d = MasterKeys.MAX_WORKER_LOAD.get(conf, Double.NaN);
    if (!(d > 0)) {
      throw conf.bad(MAX_WORKER_LOAD, v, "a positive load average, or nothing to ignore load");
    }
    return d;
  }

  /** Whether a worker publishing {@code load} may get new tasks. */
  public boolean acceptsLoad(double load) {
    return Double.isNaN(maxWorkerLoad) || Double.isNaN(load) || load <= maxWorkerLoad;
  }

  private static long positiveMillis(Configuration conf, io.quern.conf.DurationKey key) {
    long v = key.get(conf, TimeUnit.MILLISECONDS);
    if (v < 1) {
      throw conf.bad(key.name(), conf.get(key.name()), "a positive duration");
    }
    return v;
  }

  private static int positive(Configuration conf, io.quern.conf.IntKey key) {
    int v = key.getInt(conf);
    if (v < 1) {
      throw conf.bad(key.name(), String.valueOf(v), "a positive integer");
    }
    return v;
  }

  public int maxAttempts(boolean map) {
    return map ? maxMapAttempts : maxReduceAttempts;
  }

  public boolean speculative(boolean map) {
    return map ? speculativeMaps : speculativeReduces;
  }
}
