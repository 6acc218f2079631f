package io.quern.mapreduce.client;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;


/** Picks the runner named by {@code mapreduce.framework.name}. */
public final class JobRunners {
  public static final String LOCAL = "local";
  public static final String CLUSTER = "cluster";

  private JobRunners() {}

  public static JobRunner forConf(Configuration conf) {
    String name = conf.get(MRJobConfig.FRAMEWORK_NAME, LOCAL).strip();
    return switch (name) {
      case LOCAL -> new io.quern.mapreduce.local.LocalJobRunner();
      case CLUSTER -> ClusterJobRunner.create(conf);
      default -> throw conf.bad(MRJobConfig.FRAMEWORK_NAME, name, "local or cluster");
    };
  }
}
