package io.quern.minicluster;

import io.quern.conf.Configuration;

/** Adjusts a mini cluster's configuration before its daemons start; may start what they need. */
@FunctionalInterface
public interface ConfSetup {
  void apply(Configuration conf) throws Exception;
}
