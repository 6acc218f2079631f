package io.quern.master;

import io.quern.daemon.DaemonRunner;

/** Starts a master: {@code quern master [-D key=value ...]}. */
public final class MasterMain {
  private MasterMain() {}

  public static void main(String[] args) {
    DaemonRunner.run("master", args, (conf, rest) -> new MasterDaemon(conf));
  }
}
