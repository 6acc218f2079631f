package io.quern.mapred;

import java.io.Closeable;
import java.io.IOException;

/** The old API's reader of a split: it fills key and value objects the caller made with createKey/createValue. */
public interface RecordReader<K, V> extends Closeable {
  /** Reads the next record into {@code key} and {@code value}; false at the end of the split. */
  boolean next(K key, V value) throws IOException;

  K createKey();

  V createValue();

  /** Position in the input, in the reader's own unit (bytes for files). */
  long getPos() throws IOException;

  @Override
  void close() throws IOException;

  /** Share of the split read so far, within [0, 1]. */
  float getProgress() throws IOException;
}
