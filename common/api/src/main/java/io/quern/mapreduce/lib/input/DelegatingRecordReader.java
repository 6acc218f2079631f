package io.quern.mapreduce.lib.input;

import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;

/** Reads a {@link TaggedInputSplit} with the record reader of the input format it is tagged with. */
public class DelegatingRecordReader<K, V> extends RecordReader<K, V> {
  private final RecordReader<K, V> originalRR;

  @SuppressWarnings("unchecked")
  public DelegatingRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    TaggedInputSplit tagged = tagged(split);
    InputFormat<K, V> format = ReflectionUtil.newInstance(tagged.getInputFormatClass(), context.getConfiguration());
    originalRR = format.createRecordReader(tagged.getInputSplit(), context);
  }

  static TaggedInputSplit tagged(InputSplit split) throws IOException {
    if (split instanceof TaggedInputSplit t) {
      return t;
    }
    throw new IOException("split " + split + " (" + split.getClass().getName()
        + ") did not come from MultipleInputs, yet the job reads through its DelegatingInputFormat");
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    originalRR.initialize(tagged(split).getInputSplit(), context);
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return originalRR.nextKeyValue();
  }

  @Override
  public K getCurrentKey() throws IOException, InterruptedException {
    return originalRR.getCurrentKey();
  }

  @Override
  public V getCurrentValue() throws IOException, InterruptedException {
    return originalRR.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    return originalRR.getProgress();
  }

  @Override
  public void close() throws IOException {
    originalRR.close();
  }
}
