package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import java.io.IOException;

/** Where serialized records go: a segment being written, or a combiner's output. */
public interface RecordSink {

  void append(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
      throws IOException;

  /** Appends the unread bytes of {@code key} and {@code value}, e.g. those of a {@link RawKeyValueIterator}. */
  default void append(DataInputBuffer key, DataInputBuffer value) throws IOException {
    append(key.getData(), key.getPosition(), key.remaining(), value.getData(), value.getPosition(), value.remaining());
  }
}
