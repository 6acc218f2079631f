package io.quern.mapreduce.local;

import io.quern.conf.Configuration;
import io.quern.mapreduce.spi.JobRunner;
import io.quern.mapreduce.spi.JobRunnerProvider;
import io.quern.mapreduce.spi.JobRunners;

/** {@code mapreduce.framework.name=local}: jobs run in the submitting JVM. */
public final class LocalRunnerProvider implements JobRunnerProvider {
  @Override
  public String frameworkName() {
    return JobRunners.LOCAL;
  }

  @Override
  public JobRunner create(Configuration conf) {
    return new LocalJobRunner(conf);
  }
}
