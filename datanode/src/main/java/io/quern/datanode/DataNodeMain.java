package io.quern.datanode;

import io.quern.daemon.DaemonRunner;
import io.quern.security.TagWarmUp;

/** {@code quern datanode}: runs a DataNode until SIGTERM. */
public final class DataNodeMain {
  private DataNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("datanode", args, (conf, rest) -> {
      TagWarmUp.startFor(conf);
      return new DataNode(conf);
    });
  }
}
