package io.quern.mapred;

/** The old API's partitioner: picks the reduce of each map output record; configured with the job. */
public interface Partitioner<K2, V2> extends JobConfigurable {
  /** A partition in {@code [0, numPartitions)}. */
  int getPartition(K2 key, V2 value, int numPartitions);
}
