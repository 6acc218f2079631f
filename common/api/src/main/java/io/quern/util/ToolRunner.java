package io.quern.util;

import io.quern.conf.Configuration;

/** Parses generic options into the tool's configuration, then runs it with the rest. */
public final class ToolRunner {
  private ToolRunner() {}

  public static int run(Configuration conf, Tool tool, String[] args) throws Exception {
    if (conf == null) {
      conf = new Configuration();
    }
    GenericOptionsParser parser = new GenericOptionsParser(conf, args);
    tool.setConf(conf);
    return tool.run(parser.getRemainingArgs());
  }

  public static int run(Tool tool, String[] args) throws Exception {
    return run(tool.getConf(), tool, args);
  }
}
