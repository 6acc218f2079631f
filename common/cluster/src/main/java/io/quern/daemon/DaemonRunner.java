package io.quern.daemon;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.conf.CoreKeys;
import io.quern.security.Security;
import io.quern.util.GenericOptionsParser;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The main of every daemon: generic options, configuration, one fatal-error handler, a
 * shutdown hook for SIGTERM. A daemon that cannot start prints one sentence and exits 1;
 * an uncaught error in any thread logs and halts, so that the daemon's ephemeral znode
 * vanishes and the cluster routes around it rather than talking to a half-dead process.
 */
public final class DaemonRunner {
  private static final Logger LOG = LogManager.getLogger(DaemonRunner.class);

  /** Builds a daemon from its configuration and the arguments left after generic options. */
  @FunctionalInterface
  public interface Factory {
    Daemon create(Configuration conf, String[] args) throws Exception;
  }

  private DaemonRunner() {}

  public static void run(String name, String[] args, Factory factory) {
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      LOG.fatal("{}: uncaught error in thread {}; exiting", name, t.getName(), e);
      Runtime.getRuntime().halt(2);
    });
    Daemon daemon;
    long shutdownMs;
    try {
      Configuration conf = new Configuration();
      shutdownMs = CoreKeys.DAEMON_SHUTDOWN_TIMEOUT.millis(conf);
      String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
      // The first daemon of a new cluster creates the cluster secret; the others load it.
      Security.initDaemon(conf);
      daemon = factory.create(conf, rest);
    } catch (ConfigurationException | IllegalArgumentException e) {
      fail(name, e.getMessage(), e);
      return;
    } catch (Exception e) {
      fail(name, "cannot be created: " + e.getMessage(), e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("{} stopping", name);
      // Closing talks to ZooKeeper and peers; with ZooKeeper down, Curator would retry for
      // a minute. Bound it: an unclean exit still drops our session, so our znodes go too.
      Thread closer = new Thread(daemon::close, "close-" + name);
      closer.setDaemon(true);
      closer.start();
      int status = 0;
      try {
        closer.join(shutdownMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closer.isAlive()) {
        LOG.warn("{} did not finish closing within {} ms ({}); exiting anyway", name, shutdownMs,
            CoreKeys.DAEMON_SHUTDOWN_TIMEOUT);
        status = 1;
      } else {
        LOG.info("{} stopped", name);
      }
      // A daemon stopped on request has done nothing wrong: exit 0, not the JVM's 143 for
      // SIGTERM. Flush the logs first, since halt skips log4j's own shutdown hook.
      LogManager.shutdown();
      Runtime.getRuntime().halt(status);
    }, "shutdown"));
    try {
      daemon.start();
      LOG.info("{} started", name);
    } catch (Exception e) {
      fail(name, "failed to start: " + e.getMessage(), e);
    }
  }

  private static void fail(String name, String message, Throwable e) {
    LOG.fatal("{} {}", name, message, e);
    System.err.println(name + ": " + message);
    // halt, not exit: the shutdown hook would try to close a daemon that never started.
    Runtime.getRuntime().halt(1);
  }
}
