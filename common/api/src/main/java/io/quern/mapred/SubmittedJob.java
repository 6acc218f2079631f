package io.quern.mapred;

import io.quern.mapreduce.Job;
import java.io.IOException;
import java.io.InterruptedIOException;

/** A {@link RunningJob} over the new-API job through which {@link JobClient} submitted it. */
final class SubmittedJob implements RunningJob {
  private final Job job;

  SubmittedJob(Job job) {
    this.job = job;
  }

  /**
   * Follows the job to its end; with {@code verbose} prints progress on change and the
   * counters at the end, as {@link Job#waitForCompletion} does. True when it succeeded.
   */
  boolean follow(boolean verbose) throws IOException {
    try {
      return job.waitForCompletion(verbose);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + getJobID());
    }
  }

  @Override
  public JobID getID() {
    return JobID.downgrade(job.getJobID());
  }

  @Override
  public String getJobID() {
    return job.getJobID().toString();
  }

  @Override
  public String getJobName() {
    return job.getJobName();
  }

  @Override
  public float mapProgress() throws IOException {
    return job.mapProgress();
  }

  @Override
  public float reduceProgress() throws IOException {
    return job.reduceProgress();
  }

  @Override
  public boolean isComplete() throws IOException {
    return job.isComplete();
  }

  @Override
  public boolean isSuccessful() throws IOException {
    return job.isSuccessful();
  }

  @Override
  public void waitForCompletion() throws IOException {
    follow(false);
  }

  @Override
  public String getFailureInfo() throws IOException {
    return job.getFailureInfo();
  }

  @Override
  public Counters getCounters() throws IOException {
    return Counters.downgrade(job.getCounters());
  }

  @Override
  public void killJob() throws IOException {
    job.killJob();
  }

  @Override
  public String toString() {
    return "Job: " + getJobID();
  }
}
