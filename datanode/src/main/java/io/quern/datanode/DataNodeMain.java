package io.quern.datanode;

import io.quern.daemon.DaemonRunner;

/** {@code quern datanode}: runs a DataNode until SIGTERM. */
public final class DataNodeMain {
  private DataNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("datanode", args, (conf, rest) -> new DataNode(conf));
  }
}
