package io.quern.mapreduce.client;

import io.quern.conf.Configuration;
import io.quern.mapreduce.spi.JobRunner;
import io.quern.mapreduce.spi.JobRunnerProvider;
import io.quern.mapreduce.spi.JobRunners;

/** {@code mapreduce.framework.name=cluster}: jobs go to the active master found in ZooKeeper. */
public final class ClusterRunnerProvider implements JobRunnerProvider {
  @Override
  public String frameworkName() {
    return JobRunners.CLUSTER;
  }

  @Override
  public JobRunner create(Configuration conf) {
    return ClusterJobRunner.create(conf);
  }
}
