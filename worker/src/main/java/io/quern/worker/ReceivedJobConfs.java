package io.quern.worker;

import io.quern.protocol.mapred.JobConfUnknownException;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job configurations a worker was sent, by job: the master sends a job's configuration with
 * the first launch call of the job to this worker only ({@code TaskLaunchProtocol.launch}), and
 * the launches of later calls get it back from here. Bounded: a job forgotten unasked (its end
 * never told) costs one resend by the master, not memory for the worker's life.
 */
public final class ReceivedJobConfs {
  private static final byte[] NONE = new byte[0];

  private final int maxJobs;
  /** Most recently used last; guarded by this. */
  private final Map<String, byte[]> byJob;

  public ReceivedJobConfs(int maxJobs) {
    this.maxJobs = maxJobs;
    this.byJob = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
        return size() > ReceivedJobConfs.this.maxJobs;
      }
    };
  }

  /**
   * Keeps the configurations sent, and returns the launches each with its job's configuration.
   *
   * @throws JobConfUnknownException naming the first launch whose job's configuration is neither
   *     sent nor kept; nothing is returned then, so that no attempt starts without it
   */
  public synchronized List<TaskLaunch> complete(List<TaskLaunch> launches, Map<String, byte[]> jobConfs)
      throws JobConfUnknownException {
    if (jobConfs != null) {
      jobConfs.forEach((job, conf) -> byJob.put(job, conf == null || conf.length == 0 ? NONE : conf));
    }
    List<TaskLaunch> out = new ArrayList<>(launches.size());
    for (TaskLaunch l : launches) {
      byte[] conf = l.jobConf() != null ? l.jobConf() : byJob.get(l.jobId());
      if (conf == null) {
        throw new JobConfUnknownException(l.jobId());
      }
      out.add(l.withJobConf(conf == NONE ? null : conf));
    }
    return out;
  }

  /** Forgets a job that finished. */
  public synchronized void forget(String jobId) {
    byJob.remove(jobId);
  }

  synchronized int size() {
    return byJob.size();
  }
}
