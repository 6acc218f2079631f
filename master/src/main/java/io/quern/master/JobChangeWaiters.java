package io.quern.master;

import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Callers waiting for a job's status to change: a client's long poll (see {@code
 * JobSubmissionProtocol.awaitStatus}). The jobs stay the loop thread's: after each run of calls
 * it publishes here the report of every job someone watches, and a waiter returns as soon as the
 * published report differs from the one it saw. Waiters never read the job tables.
 *
 * <p>Thread-safe: one lock guards the watches. Waiters (RMI threads) check and wait under it,
 * on their job's own condition; the loop publishes and signals under it, so no change slips in
 * between a check and its wait. The loop never blocks here: nothing holds the lock but to
 * read or write a few fields (a wait releases it).
 */
final class JobChangeWaiters {
  /**
   * At most one report of a job per this interval unless its state changed: the loop may drain
   * after every call, and each new report wakes the job's waiters, whose answers cross the
   * network. (A report itself is cheap: it reads the job's totals, see {@link JobProgress}.)
   * The state's change (the end above all) is published at once; a change of progress waits
   * for the next drain past the interval, at the latest the next tick.
   */
  static final long REPORT_INTERVAL_MILLIS = 20;

  /** One job's watchers and what was last published of it. */
  private final class Watch {
    /** Thread-safe (a condition of {@link #lock}, awaited and signalled under it). */
    final Condition changed = lock.newCondition();
    // The three below: guarded by lock.
    int watchers;
    /** Null until the first report, and again once released (step-down, job gone). */
    JobStatusReport published;
    long reportedAtMillis;
  }

  /** Thread-safe (a lock): guards everything below and in each {@link Watch}. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by lock. */
  private final Map<JobID, Watch> watches = new HashMap<>();
  private final int maxWaiters;
  /** Callers in {@link #await} now. Guarded by lock. */
  private int waiting;

  /** @param maxWaiters callers that may wait at once; past it {@link #await} answers at once */
  JobChangeWaiters(int maxWaiters) {
    if (maxWaiters < 0) {
      throw new IllegalArgumentException("maxWaiters must be >= 0, got " + maxWaiters);
    }
    this.maxWaiters = maxWaiters;
  }

  /** Starts watching the job: from now on the loop publishes its reports. Pair with {@link #unwatch}. */
  void watch(JobID jobId) {
    lock.lock();
    try {
      watches.computeIfAbsent(jobId, k -> new Watch()).watchers++;
    } finally {
      lock.unlock();
    }
  }

  void unwatch(JobID jobId) {
    lock.lock();
    try {
      Watch w = watches.get(jobId);
      if (w != null && --w.watchers <= 0) {
        watches.remove(jobId);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The jobs someone watches (for the loop, after a run of calls). */
  List<JobID> watched() {
    lock.lock();
    try {
      return watches.isEmpty() ? List.of() : List.copyOf(watches.keySet());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the loop should make a new report of the job now: none published yet, its state
   * differs from the published one, or the last report is {@link #REPORT_INTERVAL_MILLIS} old.
   */
  boolean due(JobID jobId, JobState state, long nowMillis) {
    lock.lock();
    try {
      Watch w = watches.get(jobId);
      return w != null && (w.published == null || w.published.state() != state
          || nowMillis - w.reportedAtMillis >= REPORT_INTERVAL_MILLIS);
    } finally {
      lock.unlock();
    }
  }

  /** The loop's current report of a watched job; wakes its waiters when it differs from the last one. */
  void publish(JobID jobId, JobStatusReport report, long nowMillis) {
    lock.lock();
    try {
      Watch w = watches.get(jobId);
      if (w == null) {
        return;
      }
      w.reportedAtMillis = nowMillis;
      if (!report.equals(w.published)) {
        w.published = report;
        w.changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The job left the tables (retired): its waiters return with nothing, to ask again. */
  void release(JobID jobId) {
    lock.lock();
    try {
      Watch w = watches.get(jobId);
      if (w != null && w.published != null) {
        w.published = null;
        w.changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The master stopped leading: every waiter returns with nothing, to ask again (and hear so). */
  void releaseAll() {
    lock.lock();
    try {
      for (Watch w : watches.values()) {
        w.published = null;
        w.changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the job's published report differs from {@code seen} and returns it. Null when
   * {@code maxWaitMillis} passed first, when the watch was released, when nothing was published
   * yet, or when too many callers wait already: the caller then asks the loop itself. The job must
   * be watched, and its current report published once the watch began, before the call.
   */
  JobStatusReport await(JobID jobId, JobStatusReport seen, long maxWaitMillis) throws InterruptedException {
    lock.lock();
    try {
      Watch w = watches.get(jobId);
      if (w == null || waiting >= maxWaiters) {
        return null;
      }
      long left = TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis));
      waiting++;
      try {
        while (true) {
          if (w.published == null) {
            return null;
          }
          if (!w.published.equals(seen)) {
            return w.published;
          }
          if (left <= 0) {
            return null;
          }
          left = w.changed.awaitNanos(left);
        }
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Callers waiting now. */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }
}
