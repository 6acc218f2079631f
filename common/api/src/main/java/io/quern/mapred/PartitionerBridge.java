package io.quern.mapred;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.util.ReflectionUtils;

/** The new-API face of an old-API job's {@link Partitioner}, made and configured when the engine hands it the job's configuration. */
final class PartitionerBridge extends io.quern.mapreduce.Partitioner<Object, Object> implements Configurable {
  /**
   * With partitioner: written once, by setConf as the engine makes the bridge, before the task's thread
   * uses it.
   */
  private Configuration conf;
  private Partitioner<Object, Object> partitioner;

  @Override
  @SuppressWarnings("unchecked")
  public void setConf(Configuration conf) {
    this.conf = conf;
    JobConf job = new JobConf(conf);
    partitioner = ReflectionUtils.newInstance(job.getPartitionerClass(), job);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int getPartition(Object key, Object value, int numPartitions) {
    if (partitioner == null) {
      throw new IllegalStateException("the old-API partitioner bridge was not given the job's configuration");
    }
    return partitioner.getPartition(key, value, numPartitions);
  }
}
