package io.quern.mapred.lib;

import io.quern.mapred.JobConf;
import io.quern.mapred.Partitioner;

/** Spreads keys over the reduces by {@code hashCode}, as the new API's default partitioner does. */
public class HashPartitioner<K2, V2> implements Partitioner<K2, V2> {
  @Override
  public void configure(JobConf job) {}

  @Override
  public int getPartition(K2 key, V2 value, int numPartitions) {
    return (key.hashCode() & Integer.MAX_VALUE) % numPartitions;
  }
}
