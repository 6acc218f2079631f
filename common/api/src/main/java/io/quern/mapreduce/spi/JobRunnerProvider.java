package io.quern.mapreduce.spi;

import io.quern.conf.Configuration;

/**
 * Makes the {@link JobRunner} of one {@code mapreduce.framework.name}. Found with {@link
 * java.util.ServiceLoader}, so the API does not depend on the modules that run jobs: quern-runtime
 * provides {@code local}, quern-client {@code cluster}.
 */
public interface JobRunnerProvider {
  /** The value of {@code mapreduce.framework.name} this provider answers to. */
  String frameworkName();

  JobRunner create(Configuration conf);
}
