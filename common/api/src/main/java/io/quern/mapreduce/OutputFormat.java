package io.quern.mapreduce;

import java.io.IOException;

/** Where and how a job's output is written, and how it is committed. */
public abstract class OutputFormat<K, V> {
  public abstract RecordWriter<K, V> getRecordWriter(TaskAttemptContext context)
      throws IOException, InterruptedException;

  /** Fails before submission when the output cannot be written (for example it exists). */
  public abstract void checkOutputSpecs(JobContext context) throws IOException, InterruptedException;

  public abstract OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException, InterruptedException;
}
