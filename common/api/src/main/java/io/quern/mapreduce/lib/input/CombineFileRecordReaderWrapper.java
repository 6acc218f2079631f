package io.quern.mapreduce.lib.input;

import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;

/**
 * Reads one piece of a {@link CombineFileSplit} with a plain file input format's reader, on
 * a {@link FileSplit} of that piece; for use with {@link CombineFileRecordReader}.
 */
public abstract class CombineFileRecordReaderWrapper<K, V> extends RecordReader<K, V> {
  private final FileSplit fileSplit;
  private final RecordReader<K, V> delegate;

  protected CombineFileRecordReaderWrapper(FileInputFormat<K, V> inputFormat, CombineFileSplit split,
      TaskAttemptContext context, Integer idx) throws IOException, InterruptedException {
    fileSplit = new FileSplit(split.getPath(idx), split.getOffset(idx), split.getLength(idx), split.getLocations());
    delegate = inputFormat.createRecordReader(fileSplit, context);
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    // The combined split is the caller's; this reader reads its own piece.
    delegate.initialize(fileSplit, context);
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return delegate.nextKeyValue();
  }

  @Override
  public K getCurrentKey() throws IOException, InterruptedException {
    return delegate.getCurrentKey();
  }

  @Override
  public V getCurrentValue() throws IOException, InterruptedException {
    return delegate.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    return delegate.getProgress();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
