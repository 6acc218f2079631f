package io.quern.mapred;

import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The new-API face of an old-API job's {@link InputFormat}: its splits, each carried in a
 * {@link SplitBridge}, and its record reader, which fills the key and value objects it made.
 */
final class InputFormatBridge extends io.quern.mapreduce.InputFormat<Object, Object> {

  @Override
  public List<io.quern.mapreduce.InputSplit> getSplits(JobContext context) throws IOException {
    JobConf job = new JobConf(context.getConfiguration());
    InputSplit[] splits = job.getInputFormat().getSplits(job, job.getNumMapTasks());
    List<io.quern.mapreduce.InputSplit> out = new ArrayList<>(splits.length);
    for (InputSplit s : splits) {
      out.add(new SplitBridge(s));
    }
    return out;
  }

  @Override
  public io.quern.mapreduce.RecordReader<Object, Object> createRecordReader(io.quern.mapreduce.InputSplit split,
      TaskAttemptContext context) {
    return new Reader();
  }

  /**
   * Drives the old reader: {@code next} refills the same key and value objects.
   *
   * <p>Confined to the task's thread, as is all its state.
   */
  private static final class Reader extends io.quern.mapreduce.RecordReader<Object, Object> {
    private RecordReader<Object, Object> reader;
    private Object key;
    private Object value;

    @Override
    @SuppressWarnings("unchecked")
    public void initialize(io.quern.mapreduce.InputSplit split, TaskAttemptContext context) throws IOException {
      InputSplit old = SplitBridge.unwrap(split);
      JobConf job = TaskJobConf.of(context, null);
      TaskJobConf.describeSplit(job, old);
      reader = job.getInputFormat().getRecordReader(old, job, new TaskReporter(context, old));
      key = reader.createKey();
      value = reader.createValue();
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      return reader.next(key, value);
    }

    @Override
    public Object getCurrentKey() {
      return key;
    }

    @Override
    public Object getCurrentValue() {
      return value;
    }

    @Override
    public float getProgress() throws IOException {
      return reader.getProgress();
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
