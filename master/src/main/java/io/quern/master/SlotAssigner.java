package io.quern.master;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One scheduling pass of the {@link JobTracker}: fills each worker's free map and reduce
 * slots from the jobs in priority order, node-local first with delay scheduling, then
 * speculative backups when nothing else waits. A job whose tasks need GPUs gets a slot only
 * where that many GPUs are free (the launcher takes them from the {@link GpuLedger}); a worker
 * whose published load is over {@link SchedulerSettings#maxWorkerLoad()} gets nothing. Runs on
 * the tracker's thread and hands each decision to the tracker's launcher.
 */
final class SlotAssigner {
  /** Starts an attempt (the tracker records it and queues the command). */
  @FunctionalInterface
  interface Launcher {
    void launch(JobInProgress job, TaskInProgress t, WorkerInfo w, long now, boolean speculative, Locality locality);
  }

  private final SchedulerSettings settings;
  private final Collection<WorkerInfo> workers;
  private final RunningAttempts running;
  private final Function<String, String> rackOfHost;
  private final GpuLedger gpus;
  private final Launcher launcher;

  SlotAssigner(SchedulerSettings settings, Collection<WorkerInfo> workers, RunningAttempts running,
      Function<String, String> rackOfHost, GpuLedger gpus, Launcher launcher) {
    this.gpus = gpus;
    this.settings = settings;
    this.workers = workers;
    this.running = running;
    this.rackOfHost = rackOfHost;
    this.launcher = launcher;
  }

  void assign(List<JobInProgress> order, long now) {
    LiveWorkers live = liveWorkers();
    for (WorkerInfo w : workers) {
      if (settings.acceptsLoad(w.load())) {
        fillMapSlots(w, order, live, now);
      }
    }
    for (JobInProgress job : order) {
      for (WorkerInfo w : reduceCandidates(job)) {
        if (settings.acceptsLoad(w.load())) {
          fillReduceSlots(w, order, live, now);
        }
      }
    }
  }

  /** Whether the worker has as many GPUs free as a task of the job needs. */
  private boolean gpusFit(JobInProgress job, boolean map, WorkerInfo w, long now) {
    int need = job.gpus(map);
    return need == 0 || gpus.free(w, now).size() >= need;
  }

  /**
   * The workers in the order a job's reduces should try them: first those already running
   * the job's child JVM (warm, and holding some of its map outputs), then the rest. Filling a
   * worker still serves jobs in priority order.
   */
  private List<WorkerInfo> reduceCandidates(JobInProgress job) {
    List<WorkerInfo> out = new java.util.ArrayList<>(workers.size());
    for (WorkerInfo w : workers) {
      if (job.workersUsed.contains(w.id())) {
        out.add(w);
      }
    }
    for (WorkerInfo w : workers) {
      if (!job.workersUsed.contains(w.id())) {
        out.add(w);
      }
    }
    return out;
  }

  private void fillMapSlots(WorkerInfo w, List<JobInProgress> order, LiveWorkers live, long now) {
    int free = w.mapSlots() - running(w, true);
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
              || !gpusFit(job, true, w, now) ? null : job.pickSpeculative(true, w, now, settings);
          if (t != null) {
            launch(job, t, w, now, true, null);
            free--;
            break;
          }
        }
        return;
      }
      launch(chosen, pick.task(), w, now, false, pick.locality());
      free--;
    }
  }

  private void fillReduceSlots(WorkerInfo w, List<JobInProgress> order, LiveWorkers live, long now) {
    int free = w.reduceSlots() - running(w, false);
    while (free > 0) {
      boolean launched = false;
      for (JobInProgress job : order) {
        if (job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), workers) || !gpusFit(job, false, w, now)) {
          continue;
        }
        TaskInProgress t = job.pickReduce(w, live, settings);
        boolean speculative = false;
        if (t == null) {
          t = job.pickSpeculative(false, w, now, settings);
          speculative = t != null;
        }
        if (t != null) {
          launch(job, t, w, now, speculative, null);
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

  private void launch(JobInProgress job, TaskInProgress t, WorkerInfo w, long now, boolean speculative,
      Locality locality) {
    launcher.launch(job, t, w, now, speculative, locality);
  }

  private int running(WorkerInfo w, boolean map) {
    return running.running(w.id(), map);
  }

  private LiveWorkers liveWorkers() {
    Set<String> hosts = new HashSet<>();
    Set<String> racks = new HashSet<>();
    Map<String, String> rackByHost = new TreeMap<>();
    for (WorkerInfo w : workers) {
      hosts.add(w.host());
      racks.add(w.rack());
      rackByHost.put(w.host(), w.rack());
    }
    return new LiveWorkers(hosts, racks, workers.size(),
        h -> rackByHost.containsKey(h) ? rackByHost.get(h) : rackOfHost.apply(h));
  }
}
