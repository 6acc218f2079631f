package io.quern.mapreduce.lib.output;

import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;

/** Discards all output; for jobs run for their side effects or timing. */
public class NullOutputFormat<K, V> extends OutputFormat<K, V> {
  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) {
    return new RecordWriter<>() {
      @Override
      public void write(K key, V value) {}

      @Override
      public void close(TaskAttemptContext c) {}
    };
  }

  @Override
  public void checkOutputSpecs(JobContext context) {}

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) {
    return new OutputCommitter() {
      @Override
      public void setupJob(JobContext jobContext) {}

      @Override
      public void setupTask(TaskAttemptContext taskContext) {}

      @Override
      public boolean needsTaskCommit(TaskAttemptContext taskContext) {
        return false;
      }

      @Override
      public void commitTask(TaskAttemptContext taskContext) {}

      @Override
      public void abortTask(TaskAttemptContext taskContext) {}
    };
  }
}
