package io.quern.worker;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.rpc.RpcErrors;
import io.quern.streaming.TaskProcesses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The worker's side of its attempts: takes launches and kills from the master, hands
 * attempts to the job's child JVM, relays the child's reports to the master (stamped with
 * this worker's id and shuffle endpoint), kills silent attempts, and fails the attempts of
 * a child that dies.
 *
 * <p>Its tables, the attempt table and the child pool's, are owned by the {@link WorkerLoop}.
 * The public methods run on the caller's thread (RMI, timers): they ask the loop what the
 * tables say and wait for its answer, and make their calls to the master themselves, off the
 * loop. Methods named {@code ...OnLoop}, and the pool's callbacks, run on the loop.
 */
final class TaskManager {
  private static final Logger LOG = LogManager.getLogger(TaskManager.class);
  private static final long GPU_BUSY_PAUSE_SECONDS = 3;
  /** How long a job's end may take here: its processes killed (5 s at most) and its files deleted. */
  private static final long CLEANUP_WAIT_MILLIS = 120_000;

  // Immutable: set at construction.
  private final String workerId;
  private final String shuffleEndpoint;
  private final TaskUmbilicalProtocol master;
  /** The attempts' reports to the master, sent together by one thread; see {@link MasterReports}. */
  private final MasterReports reports;
  private final java.util.concurrent.ExecutorService reportSender;
  private final long timeoutNanos;
  private final WorkerLoop loop;
  private final AttemptLogReader logs;
  private final JobCleanup cleanup;
  /** The epoch of the leader published in ZooKeeper, -1 when none; thread-safe. */
  private final java.util.function.LongSupplier publishedEpoch;

  /** Owned by the loop. */
  private final WorkerAttempts attempts = new WorkerAttempts();
  /** The task timeout of each job with attempts here: its own setting, else the worker's; owned by the loop. */
  private final Map<String, Long> jobTimeouts = new HashMap<>();
  /** Map attempts that finished here in this run, whose outputs the shuffle may serve; owned by the loop. */
  private final Set<String> finishedMaps = new HashSet<>();
  /**
   * Killed attempts whose programs are being stopped: their end is reported once the programs
   * (and all they forked) are gone, so that the master hands their GPUs on only then. Owned by the loop.
   */
  private final Map<String, CompletableFuture<Void>> stopping = new HashMap<>();
  /** Set once, before any call comes (the RPC endpoints are exported after); read-only after. */
  private ChildPool pool;

  TaskManager(String workerId, String shuffleEndpoint, LocalDirs dirs, TaskUmbilicalProtocol master,
      long timeoutMillis, long graceMillis, java.util.function.LongSupplier publishedEpoch, WorkerLoop loop) {
    this.publishedEpoch = publishedEpoch;
    this.workerId = workerId;
    this.shuffleEndpoint = shuffleEndpoint;
    this.loop = loop;
    this.logs = new AttemptLogReader(dirs, workerId, a -> call(() -> attempts.childOf(a)));
    this.cleanup = new JobCleanup(dirs, graceMillis);
    this.master = master;
    this.reportSender = MasterReports.senderThread();
    this.reports = MasterReports.ofWorker(master, reportSender);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  void setPool(ChildPool pool) {
    this.pool = pool;
  }

  /** A question to the loop that no epoch can refuse. */
  private <T> T call(java.util.function.Supplier<T> question) {
    try {
      return loop.call(question::get);
    } catch (StaleEpochException e) {
      throw new IllegalStateException(e); // a Supplier throws none
    }
  }

  // ---- from the master ----

  /**
   * Takes the attempt for its job's child and returns: the jar copy and the child's start come
   * after, off the loop, so neither this call nor the master's other launches to this worker wait
   * for them. An attempt whose child cannot be started is reported failed.
   */
  void launch(TaskLaunch launch) throws StaleEpochException {
    loop.call(() -> {
      launchOnLoop(launch);
      return null;
    });
  }

  private void launchOnLoop(TaskLaunch launch) throws StaleEpochException {
    attempts.checkEpoch(launch.epoch(), publishedEpoch.getAsLong());
    long timeout = jobTimeouts.computeIfAbsent(launch.jobId(), j -> timeoutOf(launch));
    String busy = attempts.claimGpus(launch);
    if (busy != null) {
      // Not the task's fault: reported killed, so that the master places it again without counting a
      // failure; after a pause, so that a master unaware of the holder (one that just took over) and
      // placing the task here again retries every few seconds, not in a tight loop.
      LOG.warn("{}: not started: {}", launch.attemptId(), busy);
      CompletableFuture.runAsync(
          () -> report(statusOf(launch), "not started on " + workerId + ": " + busy, true),
          CompletableFuture.delayedExecutor(GPU_BUSY_PAUSE_SECONDS, TimeUnit.SECONDS, loop.io()));
      return;
    }
    attempts.add(launch, null, timeout);
    pool.submit(launch, new ChildPool.Placement() {
      @Override
      public void placed(JobChild child) {
        attempts.placed(launch.attemptId(), child.childId);
        LOG.info("{} queued for child {}", launch.attemptId(), child.childId);
      }

      @Override
      public void failed(String why) {
        LOG.warn("{}: cannot start a child JVM: {}; failing the attempt", launch.attemptId(), why);
        attempts.remove(launch.attemptId());
        reportLater(statusOf(launch), "cannot start a child JVM on " + workerId + ": " + why, false);
      }
    });
  }

  /**
   * Kills an attempt: withdrawn if its child has not taken it yet, else its programs are
   * stopped at once (SIGTERM, SIGKILL after the grace period), whatever they forked; the
   * child's attempt thread learns of the kill from its next report or from its program's death.
   * The master hears the end once nothing of the attempt runs.
   */
  void kill(long epoch, String attemptId) throws StaleEpochException {
    loop.call(() -> {
      attempts.checkEpoch(epoch, publishedEpoch.getAsLong());
      killOnLoop(attemptId);
      return null;
    });
  }

  private void killOnLoop(String attemptId) {
    WorkerAttempts.Entry e = attempts.get(attemptId);
    if (e == null) {
      return;
    }
    attempts.markKilled(attemptId);
    JobChild child = e.childId == null ? null : pool.byId(e.childId);
    if (e.childId == null ? pool.withdrawWaiting(e.launch) : child != null && child.withdraw(attemptId)) {
      attempts.remove(attemptId);
      reportLater(statusOf(e.launch), "killed", true);
    } else {
      stopAttemptPrograms(attemptId);
    }
    LOG.info("{} killed at the master's request", attemptId);
  }

  /** Loop: starts stopping the programs of an attempt the master no longer wants, once, off the loop. */
  private void stopAttemptPrograms(String attemptId) {
    stopping.computeIfAbsent(attemptId, id -> CompletableFuture.runAsync(
        () -> cleanup.stopPrograms(TaskProcesses.PROCESS_VARIABLE, TaskProcesses.ofAttempt(id), id), loop.io()));
  }

  private AttemptStatus statusOf(TaskLaunch launch) {
    return new AttemptStatus(launch.epoch(), launch.attemptId(), workerId, 0, "", CountersSnapshot.EMPTY, null);
  }

  /** Cleans up after the job; returns once its child, processes and files are gone (or could not be). */
  void jobFinished(long epoch, String jobId) throws StaleEpochException {
    CompletableFuture<Void> done = loop.call(() -> {
      attempts.checkEpoch(epoch, publishedEpoch.getAsLong());
      return cleanUpJobOnLoop(jobId);
    });
    WorkerLoop.await(done, CLEANUP_WAIT_MILLIS);
  }

  /**
   * Asks the active master which of the jobs held here it no longer runs, and cleans those up:
   * a master that dies, or is cut off, between a job's end and its word to the workers would
   * otherwise leave the job's child JVM, processes and files here for the worker's life.
   */
  void cleanUpEndedJobs() {
    List<String> held = call(() -> new ArrayList<>(jobTimeouts.keySet()));
    long epoch = publishedEpoch.getAsLong();
    if (held.isEmpty() || epoch < 0) {
      return;
    }
    List<String> ended;
    try {
      // A copy: a subList view is not serializable.
      ended = master.endedJobs(epoch,
          new ArrayList<>(held.subList(0, Math.min(held.size(), TaskUmbilicalProtocol.MAX_JOBS_ASKED))));
    } catch (StaleEpochException | java.rmi.RemoteException e) {
      LOG.debug("cannot ask the master which jobs ended: {}", e.toString());
      return;
    }
    for (String jobId : ended) {
      if (held.contains(jobId)) {
        LOG.info("{}: the master no longer runs it; cleaning up what this worker held of it", jobId);
        try {
          WorkerLoop.await(call(() -> cleanUpJobOnLoop(jobId)), CLEANUP_WAIT_MILLIS);
        } catch (StaleEpochException e) {
          throw new IllegalStateException(e); // a cleanup refuses no epoch
        }
      }
    }
  }

  /** Any thread: whether this worker still holds something of the job (its attempts, child or files). */
  boolean holdsJob(String jobId) {
    return call(() -> jobTimeouts.containsKey(jobId));
  }

  /**
   * Loop: the job leaves the tables, then, off the loop, its programs and processes are stopped
   * and its files deleted; last, on the loop again, its identity is let go (or kept, if files stay).
   */
  private CompletableFuture<Void> cleanUpJobOnLoop(String jobId) {
    attempts.removeJob(jobId);
    String attemptsOfJob = "attempt_" + jobId.substring("job_".length()) + "_";
    finishedMaps.removeIf(a -> a.startsWith(attemptsOfJob));
    stopping.keySet().removeIf(a -> a.startsWith(attemptsOfJob));
    jobTimeouts.remove(jobId);
    JobChild child = pool.remove(jobId);
    ChildIdentities.Identity id = pool.identityOf(jobId);
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.offLoop(() -> cleanup.deleteJob(jobId, child, id), (deleted, failure) -> {
      pool.forget(jobId, id, Boolean.TRUE.equals(deleted));
      LOG.info("{} finished; its child and local files are gone", jobId);
      done.complete(null);
    });
    return done;
  }

  private long timeoutOf(TaskLaunch launch) {
    if (launch.jobConf() == null) {
      return timeoutNanos;
    }
    io.quern.conf.Configuration conf = pool.jobConf(launch);
    long ms;
    try {
      ms = io.quern.mapreduce.TaskTimeouts.millis(conf, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    } catch (RuntimeException e) {
      LOG.warn("{}: {}; using the worker's task timeout", launch.jobId(), e.getMessage());
      return timeoutNanos;
    }
    return ms > 0 ? TimeUnit.MILLISECONDS.toNanos(ms) : Long.MAX_VALUE;
  }

  /** The logs of the attempts this worker ran, for the log RPC and the status page. */
  AttemptLogReader logs() {
    return logs;
  }

  /** An attempt running here, for the status page; {@code type} is map, reduce or cleanup. */
  record RunningAttempt(String attemptId, String jobId, String type, String childId, long startMillis, boolean killed) {}

  List<RunningAttempt> running() {
    return call(() -> attempts.running().stream().map(e -> new RunningAttempt(e.attemptId(), e.launch.jobId(),
        e.launch.kind().name().toLowerCase(java.util.Locale.ROOT).replace("job_", ""), e.childId, e.startMillis,
        e.killed)).toList());
  }

  // ---- from the children ----

  /** The job a child of this worker is bound to; null for a spare or an unknown child. */
  String jobOfChild(String childId) {
    JobChild child = pool.byId(childId);
    return child == null ? null : child.jobId();
  }

  boolean isKnownChild(String childId) {
    return pool.byId(childId) != null;
  }

  /** The next attempt for a child; an attempt with a null id tells an unknown child to exit. */
  TaskLaunch nextTask(String childId, long waitMillis) throws InterruptedException {
    JobChild child = pool.byId(childId);
    if (child == null) {
      return new TaskLaunch(0, null, null, null, 0, null, 0, 0, null, null, null, null, null);
    }
    return child.take(Math.min(waitMillis, 10_000));
  }

  boolean statusUpdate(AttemptStatus s) {
    if (!call(() -> attempts.touch(s.attemptId()))) {
      return false;
    }
    try {
      if (!reports.statusUpdate(stamp(s))) {
        loop.post(() -> killedByMaster(s.attemptId()));
        return false;
      }
      return true;
    } catch (StaleEpochException e) {
      LOG.info("{} belongs to an old master epoch; killing it", s.attemptId());
      loop.post(() -> killedByMaster(s.attemptId()));
      return false;
    } catch (Exception e) {
      LOG.warn("{}: status not delivered to the master: {}; retrying with the next report", s.attemptId(),
          RpcErrors.describe(e));
      return true;
    }
  }

  private void killedByMaster(String attemptId) {
    if (attempts.get(attemptId) != null) {
      attempts.markKilled(attemptId);
      stopAttemptPrograms(attemptId);
    }
  }

  boolean canCommit(long epoch, String attemptId) throws StaleEpochException, IOException {
    if (!call(() -> {
      WorkerAttempts.Entry e = attempts.get(attemptId);
      return e != null && !e.killed;
    })) {
      return false;
    }
    return reports.canCommit(epoch, attemptId, workerId);
  }

  void done(AttemptStatus s) {
    Ended ended = call(() -> endOnLoop(s.attemptId(), true));
    if (ended.stop() != null) {
      ended.stop().whenCompleteAsync((v, t) -> done(s), loop.io());
      return;
    }
    WorkerAttempts.Entry e = ended.entry();
    if (e == null) {
      return;
    }
    if (e.killed) {
      report(s, "killed", true);
      return;
    }
    // The child goes on at once; the report leaves with the next call to the master.
    MasterReports.warnIfUndelivered(reports.done(stamp(s)), s.attemptId(), "success", "; the master will re-run the task");
    loop.post(() -> pool.maybeStartSpare(true));
  }

  void failed(AttemptStatus s, String diagnostics, boolean killed) {
    Ended ended = call(() -> endOnLoop(s.attemptId(), false));
    if (ended.stop() != null) {
      ended.stop().whenCompleteAsync((v, t) -> failed(s, diagnostics, killed), loop.io());
      return;
    }
    WorkerAttempts.Entry e = ended.entry();
    if (e == null) {
      return;
    }
    report(s, diagnostics, killed || e.killed);
    loop.post(() -> pool.maybeStartSpare(true));
  }

  /** An attempt's end as the loop saw it: its programs still being stopped, or its entry taken out (null if unknown). */
  private record Ended(CompletableFuture<Void> stop, WorkerAttempts.Entry entry) {}

  /**
   * Loop: the attempt's end. While its programs are being stopped the end waits for that; else
   * the entry leaves the table, and a map that succeeded has its output served by the shuffle from now on.
   */
  private Ended endOnLoop(String attemptId, boolean succeeded) {
    CompletableFuture<Void> stop = stopping.remove(attemptId);
    if (stop != null) {
      return new Ended(stop, null);
    }
    WorkerAttempts.Entry e = attempts.remove(attemptId);
    if (succeeded && e != null && !e.killed && e.launch.kind() == io.quern.mapreduce.TaskKind.MAP) {
      finishedMaps.add(attemptId);
    }
    return new Ended(null, e);
  }

  List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex) throws Exception {
    return master.mapOutputEvents(epoch, jobId, fromIndex);
  }

  /**
   * Whether a map attempt finished on this worker in this run: the shuffle serves only such
   * outputs, never files a task left in its directory under any other name.
   */
  boolean mapFinished(String attemptId) {
    return call(() -> finishedMaps.contains(attemptId));
  }

  void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId) throws Exception {
    master.fetchFailed(epoch, reduceAttemptId, mapAttemptId);
  }

  // ---- children dying, timeouts, session loss ----

  /**
   * Loop, the pool's exit handler: off the loop, the child's programs are stopped (they run in
   * sessions of their own) before, back on the loop, its attempts leave the table; then the
   * master hears of their ends, off the loop again.
   */
  void childExited(JobChild child, int code) {
    loop.offLoop(() -> {
      cleanup.stopPrograms(TaskProcesses.CHILD_VARIABLE, child.childId::equals, "child " + child.childId);
      return AttemptLogReader.childOutputTail(child);
    }, (tail, failure) -> failAttemptsOf(child, code, tail == null ? "" : tail));
  }

  private void failAttemptsOf(JobChild child, int code, String tail) {
    List<WorkerAttempts.Entry> lost = attempts.removeChild(child.childId);
    if (lost.isEmpty()) {
      return;
    }
    LOG.warn("child {} of {} exited with code {} while running {} attempt(s); failing them", child.childId,
        child.jobId(), code, lost.size());
    for (WorkerAttempts.Entry e : lost) {
      stopping.remove(e.attemptId());
      if (e.killed) {
        reportLater(statusOf(e.launch), "killed", true);
        continue;
      }
      String why = e.failReason != null ? e.failReason
          : child.startFailure() != null ? child.startFailure() + " (on " + workerId + ")"
          : "child JVM exited with code " + code + (tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail);
      reportLater(statusOf(e.launch), why, false);
    }
  }

  /** Timer: kills the children of attempts that went silent; their exit fails them as timed out. */
  void checkTimeouts() {
    loop.post(() -> {
      pool.maybeStartSpare(false);
      for (WorkerAttempts.Entry e : attempts.timedOut()) {
        LOG.warn("{} {}; killing child {}", e.attemptId(), e.failReason, e.childId);
        JobChild child = pool.byId(e.childId);
        if (child != null) {
          child.kill(); // a signal: does not wait
        }
      }
    });
  }

  /** Timer: renews the job tokens of the children whose tokens are due, off the loop. */
  void renewTokens() {
    pool.renewBindings(call(pool::boundChildren));
  }

  /** The session expired: everything this worker ran belongs to a registration that is gone. */
  void reset() {
    call(() -> {
      attempts.clear();
      stopping.clear();
      finishedMaps.clear();
      pool.removeAll(false);
      pool.startSpare();
      return null;
    });
  }

  /** Kills every child and ends the loop. */
  void close() {
    try {
      call(() -> {
        attempts.clear();
        if (pool != null) {
          pool.removeAll(true);
        }
        return null;
      });
    } catch (IllegalStateException e) {
      LOG.debug("worker loop already closed: {}", e.getMessage());
    }
    loop.close();
    reportSender.shutdown(); // what is queued still goes
  }

  /** Tells the master of an attempt's end off the loop: the loop makes no calls. */
  private void reportLater(AttemptStatus s, String diagnostics, boolean killed) {
    loop.offLoop(() -> report(s, diagnostics, killed));
  }

  private void report(AttemptStatus s, String diagnostics, boolean killed) {
    MasterReports.warnIfUndelivered(reports.failed(stamp(s), diagnostics, killed), s.attemptId(), "failure", "");
  }

  private AttemptStatus stamp(AttemptStatus s) {
    return new AttemptStatus(s.epoch(), s.attemptId(), workerId, s.progress(), s.status(), s.counters(),
        shuffleEndpoint);
  }
}
