package io.quern.datanode;

import io.quern.daemon.DaemonRunner;
import io.quern.security.Security;
import io.quern.security.TagWarmUp;

/** {@code quern datanode}: runs a DataNode until SIGTERM. */
public final class DataNodeMain {
  private DataNodeMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("datanode", args, (conf, rest) -> {
      // Its bulk transfers are tagged at full speed from the first byte, not after the JIT caught up.
      if (Security.enabled(conf)) {
        TagWarmUp.start(Security.encryption(conf));
      }
      return new DataNode(conf);
    });
  }
}
