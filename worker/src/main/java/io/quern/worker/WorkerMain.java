package io.quern.worker;

import io.quern.daemon.DaemonRunner;
import io.quern.security.TagWarmUp;

/** Starts a worker: {@code quern worker [-D key=value ...]}. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("worker", args, (conf, rest) -> {
      TagWarmUp.startFor(conf);
      return new WorkerDaemon(conf);
    });
  }
}
