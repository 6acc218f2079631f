package io.quern.namenode;

import io.quern.daemon.DaemonRunner;

/** {@code quern namenode}: runs the NameNode until SIGTERM. */
public final class NameNodeMain {
  private NameNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("namenode", args, (conf, rest) -> new NameNode(conf));
  }
}
