package io.quern.mapreduce;

/** Chooses the reduce partition of a map output record. */
public abstract class Partitioner<KEY, VALUE> {
  /** A partition in {@code [0, numPartitions)}. */
  public abstract int getPartition(KEY key, VALUE value, int numPartitions);
}
