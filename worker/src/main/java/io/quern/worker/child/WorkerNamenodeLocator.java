package io.quern.worker.child;

import io.quern.net.HostPort;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import java.util.function.Supplier;

/**
 * Where the NameNode is, as this child's worker sees it in ZooKeeper. A child thus needs no
 * ZooKeeper session of its own, which spares every task JVM a second of start-up CPU and the
 * ensemble a session per child. The DFS proxy asks before every call, so the answer is kept
 * for a second; a failed question keeps the last answer (the proxy's retries cover a restart).
 */
final class WorkerNamenodeLocator implements Supplier<HostPort> {
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final ChildUmbilicalProtocol worker;
  /** Guarded by this. */
  private HostPort cached;
  private long fetchedAt;
  private boolean fetched;

  WorkerNamenodeLocator(ChildUmbilicalProtocol worker) {
    this.worker = worker;
  }

  @Override
  public synchronized HostPort get() {
    long now = System.nanoTime();
    if (!fetched || now - fetchedAt > REFRESH_NANOS || cached == null) {
      try {
        String endpoint = worker.namenodeEndpoint();
        cached = endpoint == null ? null : HostPort.parse(endpoint);
        fetched = true;
        fetchedAt = now;
      } catch (Exception e) {
        // the worker is busy or restarting: keep the last answer
      }
    }
    return cached;
  }
}
