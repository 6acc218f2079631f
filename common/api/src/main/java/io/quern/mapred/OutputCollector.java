package io.quern.mapred;

import java.io.IOException;

/** Where an old-API mapper, combiner or reducer emits its records. */
@FunctionalInterface
public interface OutputCollector<K, V> {
  void collect(K key, V value) throws IOException;
}
