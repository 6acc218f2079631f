package io.quern.master;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The running attempts, kept as attempts start ({@link #started}) and end ({@link Attempt#end},
 * {@link Attempt#succeed}): each counts on its worker's slots in the {@link WorkerPool} (cleanup
 * attempts hold no slot), and the timer and a worker's loss look through these instead of every
 * task of every job, which with a 100,000-map job was most of a tick. Owned by the master's loop
 * thread, like the rest of its {@link JobTables}.
 */
final class RunningAttempts {
  /**
   * The order in which a walk of the tables meets attempts: jobs in submission order, then maps,
   * reduces and the cleanup task, each by number, then attempts by number. Events that end
   * several attempts at once end them in this order.
   */
  private static final Comparator<Map.Entry<Attempt, JobInProgress>> TABLE_ORDER = Comparator
      .comparingLong((Map.Entry<Attempt, JobInProgress> e) -> e.getValue().sequence)
      .thenComparingInt(e -> e.getKey().task.id.getTaskType().ordinal())
      .thenComparingInt(e -> e.getKey().task.id.getId())
      .thenComparingInt(e -> e.getKey().id.getId());

  /** Owned by the master's loop thread. */
  private final WorkerPool pool;
  /**
   * Each running attempt's job (attempts are keyed by identity: they do not override equals).
   * Owned by the master's loop thread.
   */
  private final Map<Attempt, JobInProgress> running = new HashMap<>();

  RunningAttempts(WorkerPool pool) {
    this.pool = pool;
  }

  /** The attempt was launched on the live worker {@code on}: a map or reduce holds one of its slots until it ends. */
  void started(JobInProgress job, Attempt a, WorkerPool.Member on) {
    a.runningIndex = this;
    a.member = on;
    running.put(a, job);
    pool.launched(on, !a.task.isCleanup(), a.task.isMap());
  }

  /** Called by the attempt when it leaves the running state. */
  void ended(Attempt a) {
    if (running.remove(a) == null) {
      throw new IllegalStateException(a.id + " ended on " + a.worker.id() + " but was not counted as running");
    }
    if (!a.task.isCleanup()) {
      pool.ended(a.member, a.task.isMap());
    }
  }

  /** The running attempts that match, in {@link #TABLE_ORDER}: a copy, so that the caller may end them. */
  List<Attempt> matching(BiPredicate<JobInProgress, Attempt> p) {
    List<Map.Entry<Attempt, JobInProgress>> found = new ArrayList<>();
    for (Map.Entry<Attempt, JobInProgress> e : running.entrySet()) {
      if (p.test(e.getValue(), e.getKey())) {
        found.add(e);
      }
    }
    found.sort(TABLE_ORDER);
    List<Attempt> out = new ArrayList<>(found.size());
    for (Map.Entry<Attempt, JobInProgress> e : found) {
      out.add(e.getKey());
    }
    return out;
  }

  int size() {
    return running.size();
  }
}
