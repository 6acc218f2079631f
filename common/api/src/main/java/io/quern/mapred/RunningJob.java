package io.quern.mapred;

import java.io.IOException;

/** A job submitted through {@link JobClient#submitJob}, as its client follows and controls it. */
public interface RunningJob {
  JobID getID();

  /** The id as a string ({@code job_...}). */
  String getJobID();

  String getJobName();

  /** Share of the maps done, within [0, 1]. */
  float mapProgress() throws IOException;

  float reduceProgress() throws IOException;

  /** Whether the job has ended, well or not. */
  boolean isComplete() throws IOException;

  /** Whether the job has ended and succeeded. */
  boolean isSuccessful() throws IOException;

  /** Blocks until the job ends. */
  void waitForCompletion() throws IOException;

  /** Why the job failed, or null. */
  String getFailureInfo() throws IOException;

  Counters getCounters() throws IOException;

  void killJob() throws IOException;
}
