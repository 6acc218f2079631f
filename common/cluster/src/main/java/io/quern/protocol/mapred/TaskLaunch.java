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
    byte[] confXml,
    String jarPath,
    String user,
    JobState jobEnd,
    java.util.List<String> gpus) implements Serializable {
  public TaskLaunch {
    gpus = gpus == null ? java.util.List.of() : java.util.List.copyOf(gpus);
  }
}
