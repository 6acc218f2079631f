package io.quern.daemon;

/**
 * A long-running Quern process: NameNode, DataNode, master or worker. {@link DaemonRunner}
 * starts it once and stops it once, on SIGTERM or when start-up fails part way.
 */
public interface Daemon extends AutoCloseable {
  /** Brings the daemon up: ZooKeeper registration, RMI export, background threads. */
  void start() throws Exception;

  /** Unregisters, unexports and stops threads; must tolerate a partly started daemon. */
  @Override
  void close();
}
