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

  /** Prints the generic options {@link GenericOptionsParser} takes, for a tool's usage message. */
  public static void printGenericCommandUsage(java.io.PrintStream out) {
    out.println("Generic options supported are:");
    out.println("-conf <configuration file>        specify an application configuration file");
    out.println("-D <property=value>               define a value for a given property");
    out.println("-fs <file:///|qfs://namenode:port> specify the default file system");
    out.println("-jt <local|host:port>             run in this process, or on the cluster");
    out.println("-files <file1,...>                files to ship to every task's working directory");
    out.println();
    out.println("The general command line syntax is:");
    out.println("command [genericOptions] [commandOptions]");
    out.println();
  }
}
