package io.quern.worker;

import io.quern.daemon.DaemonRunner;
import io.quern.security.Security;
import io.quern.security.TagWarmUp;

/** Starts a worker: {@code quern worker [-D key=value ...]}. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("worker", args, (conf, rest) -> {
      // Its bulk transfers are tagged at full speed from the first byte, not after the JIT caught up.
      if (Security.enabled(conf)) {
        TagWarmUp.start(Security.encryption(conf));
      }
      return new WorkerDaemon(conf);
    });
  }
}
