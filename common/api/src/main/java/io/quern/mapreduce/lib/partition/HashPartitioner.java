package io.quern.mapreduce.lib.partition;

import io.quern.mapreduce.Partitioner;

/** Partitions by the key's hash code. */
public class HashPartitioner<K, V> extends Partitioner<K, V> {
  @Override
  public int getPartition(K key, V value, int numPartitions) {
    return (key.hashCode() & Integer.MAX_VALUE) % numPartitions;
  }
}
