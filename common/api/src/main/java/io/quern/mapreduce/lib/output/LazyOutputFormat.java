package io.quern.mapreduce.lib.output;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;

/**
 * Makes a task's output file only when the task writes its first record, so tasks that
 * write nothing (for example because all goes to {@link MultipleOutputs}) leave no empty
 * {@code part} files. The real format is {@value #OUTPUT_FORMAT}.
 */
public class LazyOutputFormat<K, V> extends FilterOutputFormat<K, V> {
  public static final String OUTPUT_FORMAT = "mapreduce.output.lazyoutputformat.outputformat";

  /** Makes {@code theClass} the job's output format, created lazily. */
  @SuppressWarnings("rawtypes")
  public static void setOutputFormatClass(Job job, Class<? extends OutputFormat> theClass) {
    job.setOutputFormatClass(LazyOutputFormat.class);
    job.getConfiguration().setClass(OUTPUT_FORMAT, theClass, OutputFormat.class);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void getBaseOutputFormat(Configuration conf) throws IOException {
    Class<? extends OutputFormat> c = conf.getClass(OUTPUT_FORMAT, null, OutputFormat.class);
    if (c == null) {
      throw new IOException("LazyOutputFormat needs the real output format in " + OUTPUT_FORMAT
          + " (set with LazyOutputFormat.setOutputFormatClass)");
    }
    baseOut = ReflectionUtil.newInstance(c, conf);
  }

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException, InterruptedException {
    if (baseOut == null) {
      getBaseOutputFormat(context.getConfiguration());
    }
    return new LazyRecordWriter<>(baseOut, context);
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException, InterruptedException {
    if (baseOut == null) {
      getBaseOutputFormat(context.getConfiguration());
    }
    super.checkOutputSpecs(context);
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) throws IOException, InterruptedException {
    if (baseOut == null) {
      getBaseOutputFormat(context.getConfiguration());
    }
    return super.getOutputCommitter(context);
  }

  /** Opens the real writer at the first record; closes nothing when there was none. */
  private static final class LazyRecordWriter<K, V> extends FilterRecordWriter<K, V> {
    private final OutputFormat<K, V> outputFormat;
    private final TaskAttemptContext taskContext;

    LazyRecordWriter(OutputFormat<K, V> outputFormat, TaskAttemptContext taskContext) {
      this.outputFormat = outputFormat;
      this.taskContext = taskContext;
    }

    @Override
    public void write(K key, V value) throws IOException, InterruptedException {
      if (rawWriter == null) {
        rawWriter = outputFormat.getRecordWriter(taskContext);
      }
      rawWriter.write(key, value);
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException, InterruptedException {
      if (rawWriter != null) {
        rawWriter.close(context);
      }
    }
  }
}
