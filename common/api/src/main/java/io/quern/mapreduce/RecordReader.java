package io.quern.mapreduce;

import java.io.Closeable;
import java.io.IOException;

/** Reads a split as key/value pairs. */
public abstract class RecordReader<KEYIN, VALUEIN> implements Closeable {
  public abstract void initialize(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException;

  public abstract boolean nextKeyValue() throws IOException, InterruptedException;

  public abstract KEYIN getCurrentKey() throws IOException, InterruptedException;

  public abstract VALUEIN getCurrentValue() throws IOException, InterruptedException;

  /** Share of the split read so far, within [0, 1]. */
  public abstract float getProgress() throws IOException, InterruptedException;

  @Override
  public abstract void close() throws IOException;
}
