package io.quern.datanode;

import io.quern.daemon.DaemonRunner;

/** {@code quern datanode}: runs a DataNode until SIGTERM. */
public final class DataNodeMain {
  private DataNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("datanode", args, (conf, rest) -> {
      // The start scripts pass the host to bind to as -Dquern.daemon.host; it beats the defaults.
      String host = System.getProperty("quern.daemon.host");
      if (host != null && !host.isBlank()) {
        conf.set("quern.daemon.host", host.trim());
      }
      return new DataNode(conf);
    });
  }
}
