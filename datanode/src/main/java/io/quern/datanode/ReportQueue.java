package io.quern.datanode;

import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.ReplicaReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Incremental reports to the NameNode (received, deleted, corrupt). Sent at once when possible;
 * kept and retried by the DataNode's periodic thread when the NameNode is unreachable. A full
 * report replaces them all, so {@link #clear()} runs before each one.
 *
 * <p>Many writes finalize at once, and each waits for its report to be sent. Queueing takes only
 * this object's monitor, never held across a call; sending takes {@link #sending}, so while one
 * call is out, the reports of the others pile up and the next sender carries them all in one
 * call, and a thread finding its report sent by another returns without a call of its own.
 */
final class ReportQueue {
  private static final Logger LOG = LogManager.getLogger(ReportQueue.class);

  private final String datanodeId;
  private final Supplier<DatanodeProtocol> namenode;
  /**
   * Held while sending, so that sends are serialized and reports reach the NameNode in order.
   * Held across the RPC by design (see the class); taken before this object's monitor, never after.
   */
  private final Object sending = new Object();
  /** Replicas finalized, not yet reported. Guarded by this. */
  private final List<ReplicaReport> received = new ArrayList<>();
  /** Replicas deleted, not yet reported. Guarded by this. */
  private final List<Long> deleted = new ArrayList<>();
  /** Replicas found corrupt, not yet reported. Guarded by this. */
  private final List<Long> corrupt = new ArrayList<>();

  /** Runs the sends {@link #flushSoon} asks for. Thread-safe executor. */
  private final java.util.concurrent.Executor sender;
  /** Whether a send is queued on {@link #sender} and not started yet. Atomic. */
  private final java.util.concurrent.atomic.AtomicBoolean flushQueued = new java.util.concurrent.atomic.AtomicBoolean();

  /** Sends asked for with {@link #flushSoon} run in the calling thread. */
  ReportQueue(String datanodeId, Supplier<DatanodeProtocol> namenode) {
    this(datanodeId, namenode, Runnable::run);
  }

  ReportQueue(String datanodeId, Supplier<DatanodeProtocol> namenode, java.util.concurrent.Executor sender) {
    this.datanodeId = datanodeId;
    this.namenode = namenode;
    this.sender = sender;
  }

  /**
   * Sends what is queued on the sender, without waiting: a write's ack need not wait for the
   * NameNode (the writer's complete() waits there for the replica instead). Requests made while
   * one is queued share it; one made after it started queues another, so nothing is left behind.
   */
  void flushSoon() {
    if (flushQueued.compareAndSet(false, true)) {
      try {
        sender.execute(() -> {
          flushQueued.set(false);
          flush();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flushQueued.set(false);
        LOG.debug("DataNode {} closing; the periodic report sends what is queued", datanodeId);
      }
    }
  }

  synchronized void received(ReplicaReport r) {
    received.add(r);
  }

  synchronized void deleted(long id) {
    deleted.add(id);
  }

  synchronized void corrupt(long id) {
    corrupt.add(id);
  }

  synchronized void clear() {
    received.clear();
    deleted.clear();
    corrupt.clear();
  }

  /**
   * Runs a full report ({@code report} takes the replica list and sends it): what is queued
   * is dropped, since the report covers it, and no incremental report goes out until the full
   * one is done. Otherwise a replica finalized after the list was taken, and reported at once,
   * would be wiped by the full report arriving after it (the NameNode replaces what it knows of
   * this DataNode), and its block would have no known replica until the next restart.
   */
  <T> T fullReport(java.util.concurrent.Callable<T> report) throws Exception {
    synchronized (sending) {
      clear();
      return report.call();
    }
  }

  /**
   * Returns once everything queued before the call has been sent (by this thread or another),
   * or a send failed; what failed stays queued, ahead of newer reports, for the next try.
   */
  void flush() {
    synchronized (sending) {
      List<ReplicaReport> r;
      List<Long> d;
      List<Long> c;
      synchronized (this) {
        if (received.isEmpty() && deleted.isEmpty() && corrupt.isEmpty()) {
          return;
        }
        r = List.copyOf(received);
        d = List.copyOf(deleted);
        c = List.copyOf(corrupt);
        received.clear();
        deleted.clear();
        corrupt.clear();
      }
      int step = 0;
      try {
        DatanodeProtocol nn = namenode.get();
        if (nn == null) {
          requeue(r, d, c);
          return;
        }
        if (!r.isEmpty()) {
          nn.blockReceived(datanodeId, r);
        }
        step = 1;
        if (!d.isEmpty()) {
          nn.blockDeleted(datanodeId, d);
        }
        step = 2;
        if (!c.isEmpty()) {
          nn.reportCorrupt(datanodeId, c);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Reporting replicas of {} to the NameNode failed ({}); retrying shortly", datanodeId, e.getMessage());
        requeue(step > 0 ? List.of() : r, step > 1 ? List.of() : d, c);
      }
    }
  }

  /** Puts unsent reports back in front of any queued meanwhile. */
  private synchronized void requeue(List<ReplicaReport> r, List<Long> d, List<Long> c) {
    received.addAll(0, r);
    deleted.addAll(0, d);
    corrupt.addAll(0, c);
  }
}
