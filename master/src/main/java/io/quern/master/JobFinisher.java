package io.quern.master;

import io.quern.conf.Configuration;
import io.quern.mapreduce.history.JobHistoryFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master's own work at a job's end, off the loop thread: its epoch-fenced records in the
 * job store and the history file. The job's output committer is user code and runs in a
 * cleanup task on a worker, never here.
 */
final class JobFinisher {
  private static final Logger LOG = LogManager.getLogger(JobFinisher.class);

  private final Supplier<MasterLoop> loop;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "job-finisher");
    t.setDaemon(true);
    return t;
  });

  private final JobStore store;
  private final JobHistoryFiles history;

  JobFinisher(Configuration conf, Supplier<MasterLoop> loop, JobStore store) {
    this.loop = loop;
    this.store = store;
    this.history = new JobHistoryFiles(conf);
  }

  /**
   * The job ended: a later leader must not run it again. A committed job's {@code committed}
   * record (its cleanup task's) is written first, at once: a leader taking over before the
   * removal then ends the job as succeeded, where it would otherwise commit the output again.
   */
  void forget(long epoch, String jobId, TaskRecord committed) {
    worker.execute(() -> {
      synchronized (pending) {
        // Its records would only land under a removed job (or keep it from being removed).
        pending.removeIf(p -> p.jobId().equals(jobId));
      }
      try {
        if (committed != null) {
          recordCommit(epoch, jobId, committed);
        }
        store.remove(epoch, jobId);
      } catch (FencedException e) {
        fenced(epoch, jobId, e);
      } catch (IOException e) {
        LOG.warn("{}: {}; a later leader will run the finished job again", jobId, e.getMessage());
      }
    });
  }

  private void recordCommit(long epoch, String jobId, TaskRecord committed) throws FencedException {
    try {
      store.recordTask(epoch, jobId, committed);
    } catch (FencedException e) {
      throw e;
    } catch (IOException e) {
      // The removal may still succeed; if not, a later leader commits again (a file commit repeats safely).
      LOG.warn("{}: cannot record its commit: {}", jobId, e.getMessage());
    }
  }

  /** A finished task waiting to be recorded. */
  private record Pending(long epoch, String jobId, TaskRecord task) {}

  /** Guarded by itself. */
  private final List<Pending> pending = new ArrayList<>();

  /**
   * A task finished: a later leader takes it over instead of running it again. Recorded with
   * the others that finish meanwhile, in one write per job, {@value #RECORD_DELAY_MILLIS} ms on
   * at the latest: a write per task would cap the master at what ZooKeeper writes one after
   * another, and lag ever further behind. A failover loses at most that delay's tasks, which
   * the next leader runs again.
   */
  void record(long epoch, String jobId, TaskRecord task) {
    synchronized (pending) {
      pending.add(new Pending(epoch, jobId, task));
      if (pending.size() > 1) {
        return; // a write is already scheduled, and takes this one along
      }
    }
    worker.schedule(this::writeRecords, RECORD_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  static final long RECORD_DELAY_MILLIS = 200;

  private void writeRecords() {
    List<Pending> batch;
    synchronized (pending) {
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    Map<List<Object>, List<TaskRecord>> byJob = new LinkedHashMap<>();
    for (Pending p : batch) {
      byJob.computeIfAbsent(List.of(p.epoch(), p.jobId()), k -> new ArrayList<>()).add(p.task());
    }
    // A refused epoch refuses every write of it, but not those of a newer lead this master took since.
    java.util.Set<Long> fencedEpochs = new java.util.HashSet<>();
    for (Map.Entry<List<Object>, List<TaskRecord>> e : byJob.entrySet()) {
      long epoch = (Long) e.getKey().get(0);
      String jobId = (String) e.getKey().get(1);
      List<TaskRecord> tasks = e.getValue();
      if (fencedEpochs.contains(epoch)) {
        continue;
      }
      try {
        store.recordTasks(epoch, jobId, tasks);
        // One line per write, not per task: at thousands of tasks a second, a line each would cost more than the write.
        LOG.info("{} recorded as finished{}", tasks.get(0).taskId(),
            tasks.size() > 1 ? ", with " + (tasks.size() - 1) + " more tasks of " + jobId + " in the same write" : "");
      } catch (FencedException ex) {
        fencedEpochs.add(epoch);
        fenced(epoch, jobId, ex);
      } catch (IOException ex) {
        LOG.warn("{}: {}; a later leader would run its {} tasks finished since the last record again", jobId,
            ex.getMessage(), tasks.size());
      }
    }
  }

  /** A newer leader exists than the epoch of that write: if this master still leads with it, it must stop at once. */
  private void fenced(long epoch, String jobId, FencedException e) {
    LOG.warn("{}: state write of epoch {} refused: {}", jobId, epoch, e.getMessage());
    loop.get().stepDown(epoch, e.getMessage());
  }

  /** Writes the ended job's history file, attempt by attempt, for its pages once this master forgot it. */
  void writeHistory(String jobId) {
    loop.get().call(t -> t.jobSnapshot(jobId))
        .thenAcceptAsync(detail -> {
          try {
            history.write(detail);
          } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot write the job history to {}: {}; the job's record stays in memory only",
                jobId, history.path(jobId), e.toString());
          }
        }, worker);
  }

  /**
   * Stops, waiting a few seconds for the write in progress (a history file, a record): a master
   * that closes must not leave a writer behind in its directories.
   */
  void close() {
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("a job history or record write was still running 5 s after the master closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
