package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How jobs, tasks and attempts move on the master: scheduling passes that launch attempts,
 * an attempt's end (retry, blacklist, fail the task), a job's commit and abort in its cleanup
 * task, and a job's end. Each change lands in the {@link JobTables} and as {@link Command}s in
 * the outbox the loop drains. Runs on the master's loop thread only, called by the {@link
 * JobTracker}, which validates the events first.
 */
final class JobLifecycle {
  private static final Logger LOG = LogManager.getLogger(JobLifecycle.class);

  /** What the master keeps of an attempt's status line: user code writes it, the master's heap holds it. */
  static final int MAX_STATUS_CHARS = 1_000;
  /** Counters an attempt may report (Hadoop's mapreduce.job.counters.max is 120; Quern's own take ~40). */
  static final int MAX_COUNTERS = 500;

  private final JobTables tables;
  private final SchedulerSettings settings;
  private final LongSupplier clock;
  private final List<Command> outbox = new ArrayList<>();
  private final GpuLedger gpus = new GpuLedger();

  JobLifecycle(JobTables tables, SchedulerSettings settings, LongSupplier clock) {
    this.tables = tables;
    this.settings = settings;
    this.clock = clock;
  }

  void send(Command c) {
    outbox.add(c);
  }

  /**
   * Tells the attempt's worker to kill it. Its GPUs stay held until the worker reports the end
   * (its processes are gone), so that no other attempt gets them while it still runs.
   */
  void kill(Attempt a) {
    a.killSentMillis = clock.getAsLong();
    send(new Command.Kill(a.worker.id(), a.worker.endpoint(), a.id));
  }

  /** The commands decided since the last call, in order, after the scheduling pass asked for meanwhile. */
  List<Command> drainCommands() {
    if (passWanted) {
      passWanted = false;
      schedulePass();
    }
    List<Command> out = List.copyOf(outbox);
    outbox.clear();
    return out;
  }

  void forgetWorker(String workerId) {
    gpus.forgetWorker(workerId);
  }

  GpuLedger gpus() {
    return gpus;
  }

  /**
   * A scheduling pass: at once, or, once {@link #deferPasses}, when the commands are next
   * drained. The master's loop drains after a run of events, so that one pass (which walks the
   * workers and the jobs' tasks) serves many events rather than each.
   */
  void schedule() {
    if (deferPasses) {
      passWanted = true;
    } else {
      schedulePass();
    }
  }

  private boolean passWanted;
  private boolean deferPasses;

  /** From now on, {@link #schedule} only asks for a pass, made at the next {@link #drainCommands}. */
  void deferPasses() {
    deferPasses = true;
  }

  private void schedulePass() {
    for (JobInProgress job : tables.activeJobs()) {
      if (job.committing) {
        launchCleanup(job);
      }
    }
    List<JobInProgress> order = tables.activeJobs().stream()
        .filter(j -> !j.committing)
        .sorted(Comparator.comparingInt((JobInProgress j) -> -j.spec.priority())
            .thenComparingLong(j -> j.sequence))
        .toList();
    if (order.isEmpty() || tables.workers.isEmpty()) {
      return;
    }
    new SlotAssigner(settings, tables.workers, gpus, this::launch).assign(order, clock.getAsLong());
  }

  private void launch(JobInProgress job, TaskInProgress t, WorkerPool.Member on, long now, boolean speculative,
      Locality locality) {
    WorkerInfo w = on.info();
    Attempt a = t.newAttempt(w, now);
    tables.running.started(job, a, on);
    a.locality = locality;
    List<String> held = t.isCleanup() ? List.of() : gpus.take(a, job.gpus(t.isMap()), now);
    job.workersUsed.add(w.id());
    if (!t.isCleanup()) {
      job.count(t.isMap() ? JobCounter.TOTAL_LAUNCHED_MAPS : JobCounter.TOTAL_LAUNCHED_REDUCES);
    }
    if (speculative) {
      job.count(JobCounter.SPECULATIVE_ATTEMPTS);
    }
    if (locality != null) {
      job.count(switch (locality) {
        case NODE -> JobCounter.DATA_LOCAL_MAPS;
        case RACK -> JobCounter.RACK_LOCAL_MAPS;
        case OFF_RACK -> JobCounter.OTHER_LOCAL_MAPS;
      });
    }
    LOG.info("{} launched on {}{}{}{}", a.id, w.id(), locality == null ? "" : " (" + locality + ")",
        speculative ? " as a speculative attempt" : "", held.isEmpty() ? "" : " with GPUs " + held);
    JobSpec spec = job.spec;
    send(new Command.Launch(w.id(), w.endpoint(), new TaskLaunch(tables.epoch, spec.jobId(), a.id.toString(),
        t.id.getTaskType().kind(), t.id.getId(), t.split, job.maps.size(), job.reduces.size(),
        job.jobConf, spec.jarPath(), spec.user(), t.isCleanup() ? job.cleanupFor : null, held, spec.credentials())));
  }

  /**
   * Launches the job's pending cleanup attempt: on the worker of the job's last finished task,
   * whose child JVM of the job is warm, else on the worker given work least recently; avoiding
   * workers it failed on and workers the job blacklisted where it can. Takes no slot (the job's
   * tasks are done, or killed): false when no worker is live, and the next schedule tries again.
   */
  boolean launchCleanup(JobInProgress job) {
    TaskInProgress t = job.cleanup;
    if (t == null || !t.isPending() || tables.workers.isEmpty()) {
      return false;
    }
    java.util.function.Predicate<WorkerInfo> avoided = w -> t.failedOn.contains(w.id())
        || job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), tables.workers.infos());
    WorkerPool.Member warm = job.lastSuccessWorker == null ? null : tables.workers.member(job.lastSuccessWorker);
    WorkerPool.Member chosen = warm != null && !avoided.test(warm.info()) ? warm : tables.workers.infos().stream()
        .map(w -> tables.workers.member(w.id()))
        .min(Comparator.comparing((WorkerPool.Member m) -> avoided.test(m.info()))
            .thenComparingLong(WorkerPool.Member::lastLaunch))
        .orElseThrow();
    launch(job, t, chosen, clock.getAsLong(), false, null);
    return true;
  }

  /** A running attempt failed or was killed ({@code how}), as its worker or a client said. */
  void attemptEnded(Attempt a, TaskState how, String diagnostics) {
    endAttempt(tables.jobOf(a), a.task, a, how, diagnostics);
    schedule();
  }

  /**
   * The worker reports the end of an attempt the master had already ended (it killed it): its
   * processes are gone, and the GPUs it held may go to a waiting task.
   */
  void endReported(Attempt a) {
    if (a.endReported) {
      return;
    }
    a.endReported = true;
    if (!a.gpus.isEmpty()) {
      schedule();
    }
  }

  void endAttempt(JobInProgress job, TaskInProgress t, Attempt a, TaskState how, String diagnostics) {
    a.end(how, clock.getAsLong(), firstLines(diagnostics));
    t.attemptEnded(a);
    job.mayBePending(t);
    if (t.isCleanup()) {
      cleanupEnded(job, t, a, how, diagnostics);
      return;
    }
    boolean map = t.isMap();
    if (how == TaskState.FAILED) {
      t.attemptFailed(a, firstLines(diagnostics));
      job.failuresByWorker.merge(a.worker.id(), 1, Integer::sum);
      job.count(map ? JobCounter.NUM_FAILED_MAPS : JobCounter.NUM_FAILED_REDUCES);
      LOG.info("{} FAILED on {} ({} of {} attempts): {}", a.id, a.worker.id(), t.failures(),
          job.maxAttempts(map), firstLines(diagnostics));
      if (job.isBlacklisted(a.worker, settings.maxWorkerFailuresPerJob(), tables.workers.infos())) {
        LOG.info("{} blacklisted worker {} after {} failures", job.id, a.worker.id(),
            job.failuresByWorker.get(a.worker.id()));
      }
      boolean taskFails = t.failures() >= job.maxAttempts(map) && t.succeeded() == null && !t.failedForGood()
          && !job.state.isTerminal();
      job.attemptEvent(a, taskFails ? TaskCompletionEvent.Status.TIPFAILED : TaskCompletionEvent.Status.FAILED,
          clock.getAsLong());
      if (taskFails) {
        failTask(job, t);
      }
    } else {
      job.attemptEvent(a, TaskCompletionEvent.Status.KILLED, clock.getAsLong());
      job.count(map ? JobCounter.NUM_KILLED_MAPS : JobCounter.NUM_KILLED_REDUCES);
      LOG.info("{} KILLED on {}: {}", a.id, a.worker.id(), diagnostics);
    }
  }

  /**
   * A cleanup attempt failed or was killed. A commit is tried again (elsewhere when it can) up to
   * the reduce attempts, then the job fails; an abort is tried once, and the workers are then
   * told to drop the job.
   */
  private void cleanupEnded(JobInProgress job, TaskInProgress t, Attempt a, TaskState how, String diagnostics) {
    boolean commit = job.cleanupFor == JobState.SUCCEEDED && job.committing;
    if (!commit) {
      LOG.info("{} {} on {} while aborting the job's output: {}", a.id, how, a.worker.id(), firstLines(diagnostics));
      t.failForGood();
      cleanUpWorkers(job);
      return;
    }
    if (how != TaskState.FAILED) {
      LOG.info("{} KILLED on {} while committing the job's output: {}; committing again", a.id, a.worker.id(),
          diagnostics);
      return;
    }
    t.attemptFailed(a, firstLines(diagnostics));
    LOG.info("{} FAILED on {} committing the job's output ({} of {} attempts): {}", a.id, a.worker.id(), t.failures(),
        job.maxAttempts(false), firstLines(diagnostics));
    if (t.failures() >= job.maxAttempts(false)) {
      t.failForGood();
      job.committing = false;
      endJob(job, JobState.FAILED, "job commit failed: " + firstLines(diagnostics));
    }
  }

  /** An attempt reported success: the task is done unless another attempt was first. */
  void attemptSucceeded(JobInProgress job, TaskInProgress t, Attempt a) {
    if (t.isCleanup()) {
      cleanupSucceeded(job, t, a);
      schedule();
      return;
    }
    if (t.succeeded() != null || job.state.isTerminal()) {
      // Another attempt won the race; this one's output is ignored.
      endAttempt(job, t, a, TaskState.KILLED, "another attempt finished first");
      schedule();
      return;
    }
    a.succeed(clock.getAsLong());
    job.succeeded(t, a);
    job.lastSuccessWorker = a.worker.id();
    LOG.info("{} SUCCEEDED on {}", a.id, a.worker.id());
    job.attemptEvent(a, TaskCompletionEvent.Status.SUCCEEDED, clock.getAsLong());
    for (Attempt other : t.attempts) {
      if (other.isRunning()) {
        kill(other);
        endAttempt(job, t, other, TaskState.KILLED, "another attempt finished first");
      }
    }
    if (t.isMap() && !job.reduces.isEmpty()) {
      job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), a.id.toString(),
          a.shuffleEndpoint, false));
    }
    // Reduces (and the maps of a map-only job) committed their output before reporting done.
    send(new Command.RecordTask(job.id, TaskRecord.of(t.id, a)));
    if (job.allComplete()) {
      startCommit(job);
    }
    schedule();
  }

  /** A lost worker's running attempts end, and the map outputs it held that reducers still need are lost. */
  void reclaimFromLostWorker(String workerId) {
    List<JobInProgress> jobs = tables.jobsWithAttempts();
    // In the order of the tables, so by job as the jobs come.
    List<Attempt> lost = tables.running.matching((job, a) -> (!job.state.isTerminal() || job.workersCleanupPending)
        && a.worker.id().equals(workerId));
    int next = 0;
    for (JobInProgress job : jobs) {
      for (; next < lost.size() && tables.jobOf(lost.get(next)) == job; next++) {
        Attempt a = lost.get(next);
        if (a.isRunning()) {
          endAttempt(job, a.task, a, TaskState.KILLED, "worker " + workerId + " lost");
        }
      }
      if (!job.state.isTerminal() && job.completed(false) < job.reduces.size()) {
        for (TaskInProgress t : job.maps) {
          if (t.succeeded() != null && t.succeeded().worker.id().equals(workerId)) {
            LOG.info("{} output of {} lost with worker {}; re-running the map", job.id, t.succeeded().id, workerId);
            invalidateMapOutput(job, t, TaskState.KILLED);
          }
        }
      }
    }
  }

  /** The job's cleanup attempt finished: the job's output is committed, or aborted. */
  private void cleanupSucceeded(JobInProgress job, TaskInProgress t, Attempt a) {
    a.succeed(clock.getAsLong());
    job.succeeded(t, a);
    if (job.cleanupFor == JobState.SUCCEEDED && job.committing) {
      LOG.info("{} output committed by {} on {}", job.id, a.id, a.worker.id());
      job.committing = false;
      endJob(job, JobState.SUCCEEDED, null);
    } else {
      LOG.info("{} output aborted by {} on {}", job.id, a.id, a.worker.id());
      cleanUpWorkers(job);
    }
  }

  /**
   * The task used all its attempts. Within the job's allowance ({@code
   * mapreduce.map.failures.maxpercent}, likewise reduces) the job goes on without it: its other
   * attempts are killed, reducers are told not to wait for a map's output, and once every other
   * task is done the job commits as usual. Beyond the allowance the job fails.
   *
   * <p>Only successes are recorded for a new leader ({@link Command.RecordTask}): after a
   * failover the next leader runs a tolerated task again. That is harmless: it succeeds (its
   * output joins the job's) or fails for good again and is tolerated again; nothing waits on
   * the earlier leader's verdict.
   */
  void failTask(JobInProgress job, TaskInProgress t) {
    if (t.failedForGood() || job.state.isTerminal()) {
      return;
    }
    t.failForGood();
    String last = t.diagnostics.isEmpty() ? "" : t.diagnostics.get(t.diagnostics.size() - 1);
    boolean map = t.isMap();
    if (!job.toleratesOneMoreFailure(map)) {
      endJob(job, JobState.FAILED, "task " + t.id + " failed " + t.failures() + " times; last: " + last
          + (job.tolerated(map) == 0 ? "" : " (" + (job.tolerated(map) + 1) + " " + (map ? "maps" : "reduces")
              + " failed for good, more than " + (map ? io.quern.mapreduce.MRJobConfig.MAP_FAILURES_MAX_PERCENT
                  : io.quern.mapreduce.MRJobConfig.REDUCE_FAILURES_MAX_PERCENT) + "="
              + (map ? job.mapFailuresMaxPercent : job.reduceFailuresMaxPercent) + "% of "
              + job.tasks(map).size() + " allows)"));
      return;
    }
    job.tolerateFailure(t);
    LOG.info("{} failed {} times; the job goes on without it ({} of {} {} failed for good, within {}%): {}", t.id,
        t.failures(), job.tolerated(map), job.tasks(map).size(), map ? "maps" : "reduces",
        map ? job.mapFailuresMaxPercent : job.reduceFailuresMaxPercent, last);
    for (Attempt other : t.attempts) {
      if (other.isRunning()) {
        kill(other);
        endAttempt(job, t, other, TaskState.KILLED, "the task failed for good; the job goes on without it");
      }
    }
    if (map && !job.reduces.isEmpty()) {
      Attempt lastAttempt = t.attempts.isEmpty() ? null : t.attempts.get(t.attempts.size() - 1);
      job.mapEvents.add(MapOutputEvent.skipped(job.mapEvents.size(), t.id.getId(),
          lastAttempt == null ? null : lastAttempt.id.toString()));
    }
    if (job.allComplete()) {
      startCommit(job);
    }
  }

  void invalidateMapOutput(JobInProgress job, TaskInProgress t, TaskState how) {
    Attempt done = t.succeeded();
    done.loseOutput(how);
    job.attemptEvent(done, TaskCompletionEvent.Status.OBSOLETE, clock.getAsLong());
    job.clearSuccess(t);
    job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), done.id.toString(),
        done.shuffleEndpoint, true));
  }

  void startCommit(JobInProgress job) {
    job.committing = true;
    job.startCleanup(JobState.SUCCEEDED);
    LOG.info("{} all tasks done; committing its output in a cleanup task", job.id);
    launchCleanup(job);
  }

  void endJob(JobInProgress job, JobState state, String reason) {
    job.state = state;
    job.failureReason = reason;
    job.committing = false;
    job.finishMillis = clock.getAsLong();
    LOG.info("{} {}{}", job.id, state, reason == null ? "" : ": " + reason);
    for (TaskInProgress t : job.allTasks()) {
      for (Attempt a : t.attempts) {
        if (a.isRunning()) {
          kill(a);
          a.end(TaskState.KILLED, job.finishMillis, "the job ended " + state);
          job.attemptEvent(a, TaskCompletionEvent.Status.KILLED, clock.getAsLong());
        }
      }
    }
    Attempt commit = state == JobState.SUCCEEDED && job.cleanup != null ? job.cleanup.succeeded() : null;
    send(new Command.JobEnded(job.id, commit == null ? null : TaskRecord.of(job.cleanup.id, commit)));
    // A failed or killed job's output is aborted by its committer, in a task like the commit;
    // the workers drop the job's child and files once that attempt has ended.
    if (state != JobState.SUCCEEDED) {
      job.startCleanup(state);
      job.workersCleanupPending = launchCleanup(job);
      if (!job.workersCleanupPending) {
        LOG.warn("{}: no live worker to abort its output; its temporary output stays", job.id);
      }
    }
    if (!job.workersCleanupPending) {
      cleanUpWorkers(job);
    }
  }

  /** Tells the workers that ran the job to drop its child JVM and local files. */
  private void cleanUpWorkers(JobInProgress job) {
    job.workersCleanupPending = false;
    List<WorkerInfo> used = new ArrayList<>();
    for (String id : job.workersUsed) {
      WorkerInfo w = tables.workers.get(id);
      if (w != null) {
        used.add(w);
      }
    }
    send(new Command.CleanupJob(job.id, used));
  }

  static String bounded(String status) {
    if (status == null) {
      return "";
    }
    return status.length() <= MAX_STATUS_CHARS ? status : status.substring(0, MAX_STATUS_CHARS) + "...";
  }

  /**
   * An attempt reporting more counters than the master keeps is failed (as Hadoop fails a job
   * over its counter limit), not stored: user code must not fill the master's heap.
   */
  boolean countersWithinBounds(Attempt a, CountersSnapshot counters) {
    if (counters == null || counters.size() <= MAX_COUNTERS) {
      return true;
    }
    JobInProgress job = tables.jobOf(a);
    TaskInProgress t = a.task;
    kill(a);
    endAttempt(job, t, a, TaskState.FAILED, "the attempt reported " + counters.size() + " counters, more than the "
        + MAX_COUNTERS + " a job may have");
    schedule();
    return false;
  }

  static String firstLines(String text) {
    if (text == null) {
      return "";
    }
    String[] lines = text.strip().split("\n", 4);
    return String.join(" | ", java.util.Arrays.asList(lines).subList(0, Math.min(3, lines.length))).strip();
  }
}
