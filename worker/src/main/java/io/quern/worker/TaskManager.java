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
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The worker's side of its attempts: takes launches and kills from the master, hands
 * attempts to the job's child JVM, relays the child's reports to the master (stamped with
 * this worker's id and shuffle endpoint), kills silent attempts, and fails the attempts of
 * a child that dies. The attempt table and the child pool each guard themselves.
 */
final class TaskManager {
  private static final Logger LOG = LogManager.getLogger(TaskManager.class);
  private static final long GPU_BUSY_PAUSE_SECONDS = 3;

  private final String workerId;
  private final String shuffleEndpoint;
  private final LocalDirs dirs;
  private final TaskUmbilicalProtocol master;
  private final long timeoutNanos;
  /** The task timeout of each job with attempts here: its own setting, else the worker's. */
  private final java.util.Map<String, Long> jobTimeouts = new java.util.concurrent.ConcurrentHashMap<>();
  private final WorkerAttempts attempts = new WorkerAttempts();
  private final AttemptLogReader logs;
  /** Map attempts that finished here in this run, whose outputs the shuffle may serve. */
  private final java.util.Set<String> finishedMaps = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private ChildPool pool;
  /** The epoch of the leader published in ZooKeeper, -1 when none. */
  private final java.util.function.LongSupplier publishedEpoch;
  /** Between SIGTERM and SIGKILL of a killed attempt's programs. */
  private final long graceMillis;
  /**
   * Killed attempts whose programs are being stopped: their end is reported once the programs
   * (and all they forked) are gone, so that the master hands their GPUs on only then.
   */
  private final java.util.Map<String, java.util.concurrent.CompletableFuture<Void>> stopping =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ExecutorService stoppers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "attempt-stopper");
    t.setDaemon(true);
    return t;
  });

  TaskManager(String workerId, String shuffleEndpoint, LocalDirs dirs, TaskUmbilicalProtocol master,
      long timeoutMillis, long graceMillis, java.util.function.LongSupplier publishedEpoch) {
    this.publishedEpoch = publishedEpoch;
    this.graceMillis = graceMillis;
    this.workerId = workerId;
    this.shuffleEndpoint = shuffleEndpoint;
    this.dirs = dirs;
    this.logs = new AttemptLogReader(dirs, workerId, attempts::childOf);
    this.master = master;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  void setPool(ChildPool pool) {
    this.pool = pool;
  }

  // ---- from the master ----

  /**
   * Hands the attempt to its job's child. An attempt whose child cannot even be started is
   * reported failed (from another thread: the master is waiting for this call).
   */
  void launch(TaskLaunch launch) throws StaleEpochException {
    attempts.checkEpoch(launch.epoch(), publishedEpoch.getAsLong());
    long timeout = jobTimeouts.computeIfAbsent(launch.jobId(), j -> timeoutOf(launch));
    String busy = attempts.claimGpus(launch);
    if (busy != null) {
      // Not the task's fault: reported killed, so that the master places it again without counting a
      // failure; after a pause, so that a master unaware of the holder (one that just took over) and
      // placing the task here again retries every few seconds, not in a tight loop.
      LOG.warn("{}: not started: {}", launch.attemptId(), busy);
      java.util.concurrent.CompletableFuture.runAsync(
          () -> report(statusOf(launch), "not started on " + workerId + ": " + busy, true),
          java.util.concurrent.CompletableFuture.delayedExecutor(GPU_BUSY_PAUSE_SECONDS, TimeUnit.SECONDS));
      return;
    }
    try {
      JobChild child = pool.submit(launch, childId -> attempts.add(launch, childId, timeout));
      LOG.info("{} queued for child {}", launch.attemptId(), child.childId);
    } catch (IOException e) {
      LOG.warn("{}: cannot start a child JVM: {}; failing the attempt", launch.attemptId(), e.getMessage());
      attempts.remove(launch.attemptId());
      AttemptStatus s = statusOf(launch);
      java.util.concurrent.CompletableFuture.runAsync(
          () -> report(s, "cannot start a child JVM on " + workerId + ": " + e.getMessage(), false));
    }
  }

  /**
   * Kills an attempt: withdrawn if its child has not taken it yet, else its programs are
   * stopped at once (SIGTERM, SIGKILL after the grace period), whatever they forked; the
   * child's attempt thread learns of the kill from its next report or from its program's death.
   * The master hears the end once nothing of the attempt runs.
   */
  void kill(long epoch, String attemptId) throws StaleEpochException {
    attempts.checkEpoch(epoch, publishedEpoch.getAsLong());
    WorkerAttempts.Entry e = attempts.get(attemptId);
    if (e == null) {
      return;
    }
    attempts.markKilled(attemptId);
    JobChild child = pool.byId(e.childId);
    if (child != null && child.withdraw(attemptId)) {
      attempts.remove(attemptId);
      java.util.concurrent.CompletableFuture.runAsync(() -> report(statusOf(e.launch), "killed", true));
    } else {
      stopAttemptPrograms(attemptId);
    }
    LOG.info("{} killed at the master's request", attemptId);
  }

  /** Starts stopping the programs of an attempt the master no longer wants, once. */
  private void stopAttemptPrograms(String attemptId) {
    stopping.computeIfAbsent(attemptId, id -> java.util.concurrent.CompletableFuture.runAsync(
        () -> stopPrograms(TaskProcesses.PROCESS_VARIABLE, TaskProcesses.ofAttempt(id), id), stoppers));
  }

  /** Stops the processes a tag names, and says how long it took or that some survived. */
  private void stopPrograms(String variable, java.util.function.Predicate<String> value, String what) {
    long start = System.nanoTime();
    try {
      if (!TaskProcesses.stop(variable, value, graceMillis)) {
        LOG.warn("processes of {} survived SIGKILL for {} s", what, TaskProcesses.KILL_MILLIS / 1000);
      } else {
        LOG.debug("processes of {} stopped in {} ms", what, (System.nanoTime() - start) / 1_000_000);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private AttemptStatus statusOf(TaskLaunch launch) {
    return new AttemptStatus(launch.epoch(), launch.attemptId(), workerId, 0, "", CountersSnapshot.EMPTY, null);
  }

  void jobFinished(long epoch, String jobId) throws StaleEpochException {
    attempts.checkEpoch(epoch, publishedEpoch.getAsLong());
    cleanUpJob(jobId);
  }

  /**
   * Asks the active master which of the jobs held here it no longer runs, and cleans those up:
   * a master that dies, or is cut off, between a job's end and its word to the workers would
   * otherwise leave the job's child JVM, processes and files here for the worker's life.
   */
  void cleanUpEndedJobs() {
    List<String> held = new ArrayList<>(jobTimeouts.keySet());
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
        cleanUpJob(jobId);
      }
    }
  }

  /** Whether this worker still holds something of the job (its attempts, child or files). */
  boolean holdsJob(String jobId) {
    return jobTimeouts.containsKey(jobId);
  }

  private void cleanUpJob(String jobId) {
    attempts.removeJob(jobId);
    String attemptsOfJob = "attempt_" + jobId.substring("job_".length()) + "_";
    finishedMaps.removeIf(a -> a.startsWith(attemptsOfJob));
    stopping.keySet().removeIf(a -> a.startsWith(attemptsOfJob));
    jobTimeouts.remove(jobId);
    JobChild child = pool.remove(jobId);
    if (child != null) {
      // Its tasks' programs in their own sessions outlive the child JVM unless stopped too.
      stopPrograms(TaskProcesses.CHILD_VARIABLE, child.childId::equals, "child " + child.childId);
    }
    boolean deleted = true;
    try {
      // Nothing of the job may run on while its files are deleted and its user id handed on.
      if (!pool.killJobProcesses(jobId)) {
        throw new IOException("processes of the job's task user id survived SIGKILL for 5 s");
      }
      LocalDirs.deleteTree(dirs.job(jobId));
      Files.deleteIfExists(dirs.jobJar(jobId, "job.jar"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleted = false;
    } catch (IOException e) {
      deleted = false;
      LOG.warn("{}: cannot delete its local files under {}: {}; they stay until the worker restarts", jobId,
          dirs.job(jobId), e.toString());
    }
    pool.forget(jobId, deleted);
    LOG.info("{} finished; its child and local files are gone", jobId);
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
    return attempts.running().stream().map(e -> new RunningAttempt(e.attemptId(), e.launch.jobId(),
        e.launch.kind().name().toLowerCase(java.util.Locale.ROOT).replace("job_", ""), e.childId, e.startMillis,
        e.killed)).toList();
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
    if (!attempts.touch(s.attemptId())) {
      return false;
    }
    try {
      if (!master.statusUpdate(stamp(s))) {
        attempts.markKilled(s.attemptId());
        stopAttemptPrograms(s.attemptId());
        return false;
      }
      return true;
    } catch (StaleEpochException e) {
      LOG.info("{} belongs to an old master epoch; killing it", s.attemptId());
      attempts.markKilled(s.attemptId());
      stopAttemptPrograms(s.attemptId());
      return false;
    } catch (Exception e) {
      LOG.warn("{}: status not delivered to the master: {}; retrying with the next report", s.attemptId(),
          RpcErrors.describe(e));
      return true;
    }
  }

  boolean canCommit(long epoch, String attemptId) throws StaleEpochException, IOException {
    WorkerAttempts.Entry e = attempts.get(attemptId);
    if (e == null || e.killed) {
      return false;
    }
    return master.canCommit(epoch, attemptId);
  }

  void done(AttemptStatus s) {
    java.util.concurrent.CompletableFuture<Void> stop = stopping.remove(s.attemptId());
    if (stop != null) {
      stop.whenComplete((v, t) -> done(s));
      return;
    }
    WorkerAttempts.Entry e = attempts.remove(s.attemptId());
    if (e == null) {
      return;
    }
    if (e.killed) {
      report(s, "killed", true);
      return;
    }
    if (e.launch.kind() == io.quern.mapreduce.TaskKind.MAP) {
      finishedMaps.add(s.attemptId());
    }
    try {
      master.done(stamp(s));
    } catch (Exception ex) {
      LOG.warn("{}: success not delivered to the master: {}; the master will re-run the task", s.attemptId(),
          RpcErrors.describe(ex));
    }
    spareMayStart(true);
  }

  void failed(AttemptStatus s, String diagnostics, boolean killed) {
    java.util.concurrent.CompletableFuture<Void> stop = stopping.remove(s.attemptId());
    if (stop != null) {
      stop.whenComplete((v, t) -> failed(s, diagnostics, killed));
      return;
    }
    WorkerAttempts.Entry e = attempts.remove(s.attemptId());
    if (e == null) {
      return;
    }
    report(s, diagnostics, killed || e.killed);
    spareMayStart(true);
  }

  List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex) throws Exception {
    return master.mapOutputEvents(epoch, jobId, fromIndex);
  }

  /**
   * Whether a map attempt finished on this worker in this run: the shuffle serves only such
   * outputs, never files a task left in its directory under any other name.
   */
  boolean mapFinished(String attemptId) {
    return finishedMaps.contains(attemptId);
  }

  void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId) throws Exception {
    master.fetchFailed(epoch, reduceAttemptId, mapAttemptId);
  }

  // ---- children dying, timeouts, session loss ----

  void childExited(JobChild child, int code) {
    // Before the attempts' ends are reported: their programs run in sessions of their own.
    stopPrograms(TaskProcesses.CHILD_VARIABLE, child.childId::equals, "child " + child.childId);
    List<WorkerAttempts.Entry> lost = attempts.removeChild(child.childId);
    if (lost.isEmpty()) {
      return;
    }
    String tail = AttemptLogReader.childOutputTail(child);
    LOG.warn("child {} of {} exited with code {} while running {} attempt(s); failing them", child.childId,
        child.jobId(), code, lost.size());
    for (WorkerAttempts.Entry e : lost) {
      stopping.remove(e.attemptId());
      if (e.killed) {
        report(statusOf(e.launch), "killed", true);
        continue;
      }
      String why = e.failReason != null ? e.failReason
          : child.startFailure() != null ? child.startFailure() + " (on " + workerId + ")"
          : "child JVM exited with code " + code + (tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail);
      report(new AttemptStatus(e.launch.epoch(), e.attemptId(), workerId, 0, "", CountersSnapshot.EMPTY, null),
          why, false);
    }
  }

  /** Kills the children of attempts that went silent; their exit fails them as timed out. */
  void checkTimeouts() {
    spareMayStart(false);
    for (WorkerAttempts.Entry e : attempts.timedOut()) {
      LOG.warn("{} {}; killing child {}", e.attemptId(), e.failReason, e.childId);
      JobChild child = pool.byId(e.childId);
      if (child != null) {
        child.kill();
      }
    }
  }

  /** An attempt ended ({@code attemptEnded}) or a second passed: the next spare child may be due. */
  private void spareMayStart(boolean attemptEnded) {
    if (pool != null) {
      pool.maybeStartSpare(attemptEnded);
    }
  }

  /** The session expired: everything this worker ran belongs to a registration that is gone. */
  void reset() {
    attempts.clear();
    stopping.clear();
    finishedMaps.clear();
    pool.removeAll(false);
    pool.startSpare();
  }

  void close() {
    stoppers.shutdownNow();
    attempts.clear();
    if (pool != null) {
      pool.removeAll(true);
    }
  }

  private void report(AttemptStatus s, String diagnostics, boolean killed) {
    try {
      master.failed(stamp(s), diagnostics, killed);
    } catch (Exception ex) {
      LOG.warn("{}: failure not delivered to the master: {}", s.attemptId(), RpcErrors.describe(ex));
    }
  }

  private AttemptStatus stamp(AttemptStatus s) {
    return new AttemptStatus(s.epoch(), s.attemptId(), workerId, s.progress(), s.status(), s.counters(),
        shuffleEndpoint);
  }
}
