package io.quern.mapreduce.client;

import io.quern.protocol.CountersSnapshot;
import io.quern.protocol.JobStatusReport;
import io.quern.protocol.TaskReport;
import java.io.IOException;
import java.util.List;

/** A job running on the cluster, followed through the master; the connection closes at the job's end. */
final class ClusterRunningJob implements RunningJob {
  private final String jobId;
  private final MasterConnection master;
  private volatile JobStatusReport terminal;

  ClusterRunningJob(String jobId, MasterConnection master) {
    this.jobId = jobId;
    this.master = master;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public JobStatusReport status() throws IOException {
    if (terminal != null) {
      return terminal;
    }
    JobStatusReport s = master.call(p -> p.status(jobId));
    if (s.state().isTerminal()) {
      // Counters and reports stay readable: the connection is kept until the JVM ends.
      terminal = s;
    }
    return s;
  }

  @Override
  public CountersSnapshot counters() throws IOException {
    return master.call(p -> p.counters(jobId));
  }

  @Override
  public List<TaskReport> taskReports() throws IOException {
    return master.call(p -> p.taskReports(jobId));
  }

  @Override
  public void kill() throws IOException {
    master.call(p -> {
      p.killJob(jobId);
      return null;
    });
  }
}
