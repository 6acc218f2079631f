package io.quern.protocol.mapred;

import io.quern.mapreduce.JobState;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskKind;
import java.io.Serializable;

/**
 * Master to worker: run this attempt. Carries the job's configuration and jar location so
 * that a worker needs nothing else to start the job's child JVM, and the master epoch so
 * that a worker can refuse commands of a deposed master.
 *
 * @param split the split to map, or null for a reduce
 * @param partition the split index for a map, the partition for a reduce
 * @param user who submitted the job: the worker binds the job's child JVM to a token for this
 *     user, and the job's tasks act as this user in the DFS
 * @param jobEnd for a {@link TaskKind#JOB_CLEANUP} attempt, how the job ended: SUCCEEDED commits
 *     its output, FAILED or KILLED aborts it; null for maps and reduces
 * @param gpus the ids of the worker's GPUs the attempt holds (and no other running attempt does)
 * @param jobConf the job's configuration in {@code Configuration.write}'s binary form (which a task
 *     reads many times faster than the job's XML), made once per job by the master; null when the
 *     job sent none. It holds no secret: the credentials travel beside it. On the wire it travels
 *     once per worker and job, beside the launches ({@link TaskLaunchProtocol#launch})
 * @param credentials the job's credentials in token storage form, empty when it has none; only
 *     the job's own child reads them
 */
public record TaskLaunch(
    long epoch,
    String jobId,
    String attemptId,
    TaskKind kind,
    int partition,
    SplitInfo split,
    int numMaps,
    int numReduces,
    byte[] jobConf,
    String jarPath,
    String user,
    JobState jobEnd,
    java.util.List<String> gpus,
    byte[] credentials) implements Serializable {
  public TaskLaunch {
    gpus = gpus == null ? java.util.List.of() : java.util.List.copyOf(gpus);
    credentials = credentials == null ? new byte[0] : credentials;
  }

  /** A launch of a job without credentials. */
  public TaskLaunch(long epoch, String jobId, String attemptId, TaskKind kind, int partition, SplitInfo split,
      int numMaps, int numReduces, byte[] jobConf, String jarPath, String user, JobState jobEnd,
      java.util.List<String> gpus) {
    this(epoch, jobId, attemptId, kind, partition, split, numMaps, numReduces, jobConf, jarPath, user, jobEnd, gpus,
        null);
  }

  /** The same launch with another configuration (null: none), as the master sends it apart and a worker puts it back. */
  public TaskLaunch withJobConf(byte[] conf) {
    return new TaskLaunch(epoch, jobId, attemptId, kind, partition, split, numMaps, numReduces, conf, jarPath, user,
        jobEnd, gpus, credentials);
  }

  /** Names the attempt; the configuration and the credentials are left out, as secrets may be in them. */
  @Override
  public String toString() {
    return "TaskLaunch[" + attemptId + " of " + jobId + ", epoch " + epoch + ", " + kind + "]";
  }
}
