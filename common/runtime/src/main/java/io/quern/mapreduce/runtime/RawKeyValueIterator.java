package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import java.io.Closeable;
import java.io.IOException;

/**
 * A stream of serialized key/value records, usually sorted by key. The buffers returned
 * by {@link #getKey()} and {@link #getValue()} are only valid until the next call to
 * {@link #next()}, and the iterator may reuse them.
 */
public interface RawKeyValueIterator extends Closeable {

  /** Moves to the next record (the first call moves to the first); false when there are none left. */
  boolean next() throws IOException;

  /** The current key's bytes, from {@code getPosition()} to {@code getLength()}. */
  DataInputBuffer getKey();

  /** The current value's bytes, from {@code getPosition()} to {@code getLength()}. */
  DataInputBuffer getValue();

  @Override
  void close() throws IOException;
}
