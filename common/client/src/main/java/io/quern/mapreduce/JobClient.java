package io.quern.mapreduce;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.client.MasterConnection;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Follows and controls the jobs of the cluster from a program, as {@code quern job} does
 * from the shell. Jobs are submitted with {@link Job#submit()}. Every failure is an
 * IOException whose message is one sentence.
 */
public class JobClient implements Closeable {
  private final MasterConnection master;

  public JobClient(Configuration conf) throws IOException {
    this.master = MasterConnection.open(conf);
  }

  public List<JobStatusReport> getAllJobs() throws IOException {
    return master.call(p -> p.list());
  }

  public JobStatusReport getJobStatus(String jobId) throws IOException {
    return master.call(p -> p.status(jobId));
  }

  public Counters getCounters(String jobId) throws IOException {
    return Counters.fromSnapshot(master.call(p -> p.counters(jobId)));
  }

  public List<TaskReport> getTaskReports(String jobId) throws IOException {
    return master.call(p -> p.taskReports(jobId));
  }

  public void killJob(String jobId) throws IOException {
    master.call(p -> {
      p.killJob(jobId);
      return null;
    });
  }

  /** Kills one attempt; with {@code shouldFail} it counts as a failure of its task. */
  public void killTask(String attemptId, boolean shouldFail) throws IOException {
    master.call(p -> {
      p.killAttempt(attemptId, shouldFail);
      return null;
    });
  }

  /** Up to {@code max} ends of the job's attempts from event number {@code from} on, in order. */
  public List<TaskCompletionEvent> getTaskCompletionEvents(String jobId, int from, int max) throws IOException {
    return master.call(p -> p.taskCompletionEvents(jobId, from, max));
  }

  /** Where the attempt ran ({@code host:port} of its worker). */
  public String getAttemptWorker(String attemptId) throws IOException {
    return master.call(p -> p.attemptWorker(attemptId));
  }

  @Override
  public void close() {
    master.close();
  }
}
