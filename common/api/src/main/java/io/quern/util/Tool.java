package io.quern.util;

import io.quern.conf.Configurable;

/** A command-line program whose generic options {@link ToolRunner} handles, as in Hadoop. */
public interface Tool extends Configurable {
  int run(String[] args) throws Exception;
}
