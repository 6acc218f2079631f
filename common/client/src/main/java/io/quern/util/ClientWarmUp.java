package io.quern.util;

import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.CoreKeys;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;

/**
 * The one-time work a command-line cluster client does before its first call, started on two
 * daemon threads as the command starts, so that it runs beside the program's own start on a
 * spare core instead of in line: logging's configuration (log4j reads its file and its plugins),
 * the {@code *-default.xml} files every {@code Configuration} starts from (read once per JVM), and
 * the ZooKeeper client's classes ({@link ZkCluster#prepareClientClasses}: TLS defaults, the
 * environment). Each is done once per JVM whoever asks first, so the program's own use of it
 * waits for the warm-up instead of doing it again; a program that needs none of it only leaves
 * a core busy for a moment.
 *
 * <p>The program must not start before logging is configured ({@link #awaitLogging}): log4j
 * hands a thread that asks while another configures it the default configuration, which drops
 * warnings.
 */
public final class ClientWarmUp {
  private final CountDownLatch logging = new CountDownLatch(1);

  private ClientWarmUp() {}

  /** Starts the warm-up; returns at once. */
  public static ClientWarmUp start() {
    ClientWarmUp w = new ClientWarmUp();
    daemon("warm-up-logging", () -> {
      try {
        LogManager.getLogger(ClientWarmUp.class); // configures logging, once per JVM
      } finally {
        w.logging.countDown();
      }
      ZkCluster.prepareClientClasses();
    });
    daemon("warm-up-configuration", CoreKeys.FS_DEFAULT_NAME::declaredDefault);
    return w;
  }

  /** Waits until logging is configured (or its configuration failed, which the program then meets itself). */
  public void awaitLogging() throws InterruptedException {
    logging.await();
  }

  private static void daemon(String name, Runnable work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (RuntimeException | LinkageError e) {
        // The program meets the same failure when it does this work itself, and reports it there.
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }
}
