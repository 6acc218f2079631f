package io.quern.mapreduce;

import java.io.IOException;

/** Writes the key/value pairs of a task's output. */
public abstract class RecordWriter<K, V> {
  public abstract void write(K key, V value) throws IOException, InterruptedException;

  public abstract void close(TaskAttemptContext context) throws IOException, InterruptedException;
}
