package io.quern.namenode;

import io.quern.daemon.DaemonRunner;

/** {@code quern namenode}: runs the NameNode until SIGTERM. */
public final class NameNodeMain {
  private NameNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("namenode", args, (conf, rest) -> {
      // The start scripts pass the host to bind to as -Dquern.daemon.host; it beats the defaults.
      String host = System.getProperty("quern.daemon.host");
      if (host != null && !host.isBlank()) {
        conf.set("quern.daemon.host", host.trim());
      }
      return new NameNode(conf);
    });
  }
}
