package io.quern.datanode;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this DataNode owes the NameNode a full block report. One is owed at start, when a
 * NameNode joins or leaves, when the session expired and every block-report interval; it is
 * paid by a report the NameNode accepted that started after the last time one was owed.
 *
 * <p>Owing counts up rather than clearing a flag: a report that was already on its way when a
 * new NameNode joined went to the old one, and must not mark the new one as served when it
 * returns. With a plain flag the report's "done" would overwrite the join's "owed", and the new
 * NameNode would lack this node's replicas until the next interval.
 */
final class FullReports {
  /** How many times a full report was owed; any thread bumps it. Atomic. */
  private final AtomicLong owed = new AtomicLong(1);
  /**
   * The value of {@link #owed} the last accepted report started at. Written under this object's
   * monitor (one report at a time), volatile so that {@link #due} reads it without the monitor.
   */
  private volatile long paid;

  /** A full report is owed (again): the next {@link #send} makes one. Any thread. */
  void owe() {
    owed.incrementAndGet();
  }

  /** Whether a full report is owed. Any thread, lock-free. */
  boolean due() {
    return paid != owed.get();
  }

  /**
   * Makes the report when one is owed: {@code report} sends it and says whether the NameNode
   * accepted it. Reports run one at a time (this object's monitor, held across the call: two
   * full reports at once would only double the NameNode's work). True when one was accepted.
   */
  synchronized boolean send(Callable<Boolean> report) throws Exception {
    long startedAt = owed.get();
    if (paid == startedAt) {
      return false;
    }
    if (!report.call()) {
      return false;
    }
    paid = startedAt;
    return true;
  }
}
