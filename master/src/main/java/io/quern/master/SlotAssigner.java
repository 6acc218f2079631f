package io.quern.master;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One scheduling pass of the {@link JobTracker}: fills each worker's free map and reduce
 * slots from the jobs in priority order, node-local first with delay scheduling, then
 * speculative backups when nothing else waits. A job whose tasks need GPUs gets a slot only
 * where that many GPUs are free (the launcher takes them from the {@link GpuLedger}); a worker
 * whose published load is over {@link SchedulerSettings#maxWorkerLoad()} gets nothing. Workers are
 * served least recently given work first, so that jobs smaller than the cluster spread over it.
 * Only workers with a free slot are visited (the {@link WorkerPool} keeps them in that order), and
 * the reduce slots only while some job may start a reduce: a pass costs what it can launch, not the
 * size of the cluster. Runs on the tracker's thread and hands each decision to the tracker's
 * launcher.
 */
final class SlotAssigner {
  /** Starts an attempt (the tracker records it and queues the command). */
  @FunctionalInterface
  interface Launcher {
    void launch(JobInProgress job, TaskInProgress t, WorkerPool.Member w, long now, boolean speculative,
        Locality locality);
  }

  /** Immutable. */
  private final SchedulerSettings settings;
  /** Owned by the master's loop thread. */
  private final WorkerPool pool;
  /**
   * Every live worker: a job avoids a worker for its failures only while others remain. A view of
   * the pool's; owned by the master's loop thread.
   */
  private final Collection<WorkerInfo> workers;
  /** Owned by the master's loop thread. */
  private final GpuLedger gpus;
  /** Owned by the master's loop thread (it changes the tables). */
  private final Launcher launcher;
  /**
   * Each job's stragglers (maps, reduces) as this pass found them, asked once per job rather
   * than per worker; a launch of the job forgets them, for it may change them. Both owned by the
   * master's loop thread.
   */
  private final java.util.Map<JobInProgress, List<TaskInProgress>> mapStragglers = new java.util.HashMap<>();
  private final java.util.Map<JobInProgress, List<TaskInProgress>> reduceStragglers = new java.util.HashMap<>();

  SlotAssigner(SchedulerSettings settings, WorkerPool pool, GpuLedger gpus, Launcher launcher) {
    this.gpus = gpus;
    this.settings = settings;
    this.pool = pool;
    this.workers = pool.infos();
    this.launcher = (job, t, w, now, speculative, locality) -> {
      mapStragglers.remove(job);
      reduceStragglers.remove(job);
      launcher.launch(job, t, w, now, speculative, locality);
    };
  }

  /** A backup attempt of one of the job's stragglers for the worker; null when none. */
  private TaskInProgress backup(JobInProgress job, boolean map, WorkerInfo w, long now) {
    List<TaskInProgress> stragglers = (map ? mapStragglers : reduceStragglers)
        .computeIfAbsent(job, j -> j.stragglers(map, now, settings));
    return JobInProgress.backupFor(stragglers, w);
  }

  void assign(List<JobInProgress> order, long now) {
    LiveWorkers live = pool.live();
    // Both orders as the pass starts: its own launches move workers to the back only for the next pass.
    List<WorkerPool.Member> freeMaps = pool.withFreeSlot(true);
    List<WorkerPool.Member> freeReduces = anyReduceMayStart(order) ? pool.withFreeSlot(false) : List.of();
    for (WorkerPool.Member w : freeMaps) {
      if (settings.acceptsLoad(w.info().load())) {
        fillMapSlots(w, order, live, now);
      }
    }
    if (freeReduces.isEmpty()) {
      return;
    }
    for (JobInProgress job : order) {
      for (WorkerPool.Member w : reduceCandidates(job, freeReduces)) {
        if (settings.acceptsLoad(w.info().load())) {
          fillReduceSlots(w, order, live, now);
        }
      }
    }
  }

  /**
   * Whether some job may start a reduce (or a backup reduce) in this pass. None may when each
   * has all its reduces done, or waits for its maps (slow start) with a reduce still pending:
   * while one is pending there is no backup either, and none starts before the maps are done.
   */
  private boolean anyReduceMayStart(List<JobInProgress> order) {
    for (JobInProgress job : order) {
      if (job.mayStartReduce(settings)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the worker has as many GPUs free as a task of the job needs. */
  private boolean gpusFit(JobInProgress job, boolean map, WorkerInfo w, long now) {
    int need = job.gpus(map);
    return need == 0 || gpus.free(w, now).size() >= need;
  }

  /**
   * The workers with a free reduce slot in the order a job's reduces should try them: first
   * those already running the job's child JVM (warm, and holding some of its map outputs), then
   * the rest. Filling a worker still serves jobs in priority order.
   */
  private static List<WorkerPool.Member> reduceCandidates(JobInProgress job, List<WorkerPool.Member> free) {
    List<WorkerPool.Member> out = new ArrayList<>(free.size());
    for (WorkerPool.Member w : free) {
      if (job.workersUsed.contains(w.info().id())) {
        out.add(w);
      }
    }
    for (WorkerPool.Member w : free) {
      if (!job.workersUsed.contains(w.info().id())) {
        out.add(w);
      }
    }
    return out;
  }

  private void fillMapSlots(WorkerPool.Member m, List<JobInProgress> order, LiveWorkers live, long now) {
    WorkerInfo w = m.info();
    int free = m.freeSlots(true);
    while (free > 0) {
      JobInProgress.Pick pick = null;
      JobInProgress chosen = null;
      for (JobInProgress job : order) {
        if (job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), workers) || !gpusFit(job, true, w, now)) {
          continue;
        }
        pick = job.pickMap(w, live, now, settings);
        if (pick != null) {
          chosen = job;
          break;
        }
      }
      if (pick == null) {
        // Nothing waiting (or every job waits for locality): back up a straggler instead.
        for (JobInProgress job : order) {
          TaskInProgress t = job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), workers)
              || !gpusFit(job, true, w, now) ? null : backup(job, true, w, now);
          if (t != null) {
            launcher.launch(job, t, m, now, true, null);
            free--;
            break;
          }
        }
        return;
      }
      launcher.launch(chosen, pick.task(), m, now, false, pick.locality());
      free--;
    }
  }

  private void fillReduceSlots(WorkerPool.Member m, List<JobInProgress> order, LiveWorkers live, long now) {
    WorkerInfo w = m.info();
    int free = m.freeSlots(false);
    while (free > 0) {
      boolean launched = false;
      for (JobInProgress job : order) {
        if (job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), workers) || !gpusFit(job, false, w, now)) {
          continue;
        }
        TaskInProgress t = job.pickReduce(w, live, settings);
        boolean speculative = false;
        if (t == null) {
          t = backup(job, false, w, now);
          speculative = t != null;
        }
        if (t != null) {
          launcher.launch(job, t, m, now, speculative, null);
          launched = true;
          break;
        }
      }
      if (!launched) {
        return;
      }
      free--;
    }
  }
}
