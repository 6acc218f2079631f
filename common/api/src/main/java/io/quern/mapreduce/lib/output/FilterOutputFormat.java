package io.quern.mapreduce.lib.output;

import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;

/** An output format that hands everything to another one; subclasses change part of it. */
public class FilterOutputFormat<K, V> extends OutputFormat<K, V> {
  /** Written once, by the constructor or setOutputFormat before use. */
  protected OutputFormat<K, V> baseOut;

  public FilterOutputFormat() {
    this.baseOut = null;
  }

  public FilterOutputFormat(OutputFormat<K, V> baseOut) {
    this.baseOut = baseOut;
  }

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException, InterruptedException {
    return getBaseOut().getRecordWriter(context);
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException, InterruptedException {
    getBaseOut().checkOutputSpecs(context);
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) throws IOException, InterruptedException {
    return getBaseOut().getOutputCommitter(context);
  }

  private OutputFormat<K, V> getBaseOut() throws IOException {
    if (baseOut == null) {
      throw new IOException("FilterOutputFormat has no output format to write through");
    }
    return baseOut;
  }

  /** A writer handing every record to another writer. */
  public static class FilterRecordWriter<K, V> extends RecordWriter<K, V> {
    /** Confined to the task's thread. */
    protected RecordWriter<K, V> rawWriter = null;

    public FilterRecordWriter() {}

    public FilterRecordWriter(RecordWriter<K, V> rwriter) {
      this.rawWriter = rwriter;
    }

    @Override
    public void write(K key, V value) throws IOException, InterruptedException {
      getRawWriter().write(key, value);
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException, InterruptedException {
      getRawWriter().close(context);
    }

    private RecordWriter<K, V> getRawWriter() throws IOException {
      if (rawWriter == null) {
        throw new IOException("FilterRecordWriter has no writer to write through");
      }
      return rawWriter;
    }
  }
}
