package io.quern.mapreduce;

import io.quern.mapreduce.JobState;
import java.io.IOException;

/**
 * Makes task output visible exactly once: tasks write privately, one attempt per task is
 * committed, and the job commit publishes the whole.
 */
public abstract class OutputCommitter {
  public abstract void setupJob(JobContext jobContext) throws IOException;

  public void commitJob(JobContext jobContext) throws IOException {}

  public void abortJob(JobContext jobContext, JobState state) throws IOException {}

  public abstract void setupTask(TaskAttemptContext taskContext) throws IOException;

  public abstract boolean needsTaskCommit(TaskAttemptContext taskContext) throws IOException;

  public abstract void commitTask(TaskAttemptContext taskContext) throws IOException;

  public abstract void abortTask(TaskAttemptContext taskContext) throws IOException;
}
