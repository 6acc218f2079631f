package io.quern.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which attempt holds each GPU of each worker. A GPU is free once its holder no longer {@link
 * Attempt#holdsGpus holds GPUs}, whichever way the attempt ended, so no end can leak one; an
 * entry is dropped when found free. A GPU goes to one attempt at a time: {@link #take} hands out
 * only free ones. Runs on the master's loop thread, like all the tables.
 */
final class GpuLedger {
  /**
   * How long a killed attempt's GPUs stay held waiting for its worker to report that its
   * processes are gone; past it, the report is taken as lost (the worker stops a killed attempt
   * within its SIGKILL grace, well inside this).
   */
  static final long KILL_CONFIRM_MILLIS = 30_000;

  /** The holder of each held GPU, by worker and GPU id. Owned by the master's loop thread. */
  private final Map<String, Map<String, Attempt>> heldByWorker = new HashMap<>();

  /** The worker's free GPU ids, in the worker's order. */
  List<String> free(WorkerInfo w, long now) {
    if (w.gpus().isEmpty()) {
      return List.of();
    }
    Map<String, Attempt> held = heldByWorker.get(w.id());
    if (held == null) {
      return w.gpus();
    }
    held.values().removeIf(a -> !a.holdsGpus(now, KILL_CONFIRM_MILLIS));
    List<String> out = new ArrayList<>();
    for (String gpu : w.gpus()) {
      if (!held.containsKey(gpu)) {
        out.add(gpu);
      }
    }
    return out;
  }

  /**
   * Gives the attempt {@code n} free GPUs of its worker.
   *
   * @throws IllegalStateException when fewer are free: the scheduler checks {@link #free} first
   */
  List<String> take(Attempt a, int n, long now) {
    if (n == 0) {
      return List.of();
    }
    List<String> free = free(a.worker, now);
    if (free.size() < n) {
      throw new IllegalStateException(a.id + " needs " + n + " GPUs, " + a.worker.id() + " has " + free.size()
          + " free");
    }
    List<String> taken = List.copyOf(free.subList(0, n));
    Map<String, Attempt> held = heldByWorker.computeIfAbsent(a.worker.id(), k -> new HashMap<>());
    for (String gpu : taken) {
      held.put(gpu, a);
    }
    a.gpus = taken;
    return taken;
  }

  /** The worker is lost: whatever ran there is gone with it. */
  void forgetWorker(String workerId) {
    heldByWorker.remove(workerId);
  }
}
