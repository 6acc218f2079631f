package io.quern.mapred;

import java.io.IOException;

/** Writes the records of an old-API task's output. */
public interface RecordWriter<K, V> {
  void write(K key, V value) throws IOException;

  void close(Reporter reporter) throws IOException;
}
