package io.quern.master;

import java.util.HashMap;
import java.util.Map;

/**
 * The running map and reduce attempts of each worker, kept as attempts start ({@link
 * #started}) and end ({@link Attempt#end}): a scheduling pass asks it for every worker, where
 * counting by walking every task of every job made each pass cost O(tasks), half of the master's
 * time with 1,000 workers and a 100,000-map job. Cleanup attempts hold no slot and are not counted.
 * Owned by the master's loop thread, like the rest of its {@link JobTables}.
 */
final class RunningAttempts {
  private final Map<String, int[]> byWorker = new HashMap<>();

  /** The attempt was launched: it holds one of its worker's slots until it ends. */
  void started(Attempt a) {
    if (a.task.isCleanup()) {
      return;
    }
    a.runningIndex = this;
    byWorker.computeIfAbsent(a.worker.id(), id -> new int[2])[slot(a)]++;
  }

  /** Called by {@link Attempt#end} when a counted attempt leaves the running state. */
  void ended(Attempt a) {
    int[] n = byWorker.get(a.worker.id());
    if (n == null || n[slot(a)] == 0) {
      throw new IllegalStateException(a.id + " ended on " + a.worker.id() + " but was not counted as running there");
    }
    n[slot(a)]--;
    if (n[0] == 0 && n[1] == 0) {
      byWorker.remove(a.worker.id());
    }
  }

  int running(String workerId, boolean map) {
    int[] n = byWorker.get(workerId);
    return n == null ? 0 : n[map ? 0 : 1];
  }

  private static int slot(Attempt a) {
    return a.task.isMap() ? 0 : 1;
  }
}
