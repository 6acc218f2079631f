package io.quern.minicluster;

import io.quern.conf.Configuration;

/** Adjusts one worker's own configuration (a copy of the cluster's) before it starts: worker {@code index}, from 0. */
@FunctionalInterface
public interface WorkerSetup {
  void apply(int index, Configuration conf) throws Exception;
}
