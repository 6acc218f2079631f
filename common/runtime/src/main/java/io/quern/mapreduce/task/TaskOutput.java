package io.quern.mapreduce.task;

import java.io.IOException;

/** Where a task's records go: the job's output, the map output buffer, or a combiner's sink. */
@FunctionalInterface
public interface TaskOutput<K, V> {
  void write(K key, V value) throws IOException, InterruptedException;
}
