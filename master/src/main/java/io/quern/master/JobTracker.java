package io.quern.master;

import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobSummary;
import io.quern.mapreduce.history.TaskSummary;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master's events, for one leadership epoch: submissions and client queries, worker joins
 * and losses, attempt reports, timer ticks. It checks each event (epoch, ids, bounds) against
 * the {@link JobTables} and hands the change to the {@link JobLifecycle}, which queues the
 * {@link Command}s that the caller drains and carries out. Ids arrive here as the text workers
 * and clients send; each is parsed once, by {@link WireIds}, and is typed from there on.
 *
 * <p>Not thread-safe by design: one thread (the master's event loop) calls everything. No RMI
 * or ZooKeeper here, so tests drive it directly with a fake clock.
 */
public final class JobTracker {
  private static final Logger LOG = LogManager.getLogger(JobTracker.class);

  private final String identifier;
  private final SchedulerSettings settings;
  private final LongSupplier clock;
  private final JobTables tables;
  private final JobLifecycle lifecycle;
  private int nextJobNumber = 1;
  private long nextSequence;
  /** When the NameNode's registration went away, or -1 while one is registered. */
  private long namenodeMissingSince = -1;

  /**
   * @param identifier the job id prefix of this master term (Hadoop uses the start time)
   * @param rackOfHost rack of a data host that is not a worker (split hosts are DataNodes)
   */
  public JobTracker(long epoch, String identifier, SchedulerSettings settings, LongSupplier clock,
      Function<String, String> rackOfHost) {
    this.identifier = identifier;
    this.settings = settings;
    this.clock = clock;
    this.tables = new JobTables(epoch, rackOfHost);
    this.lifecycle = new JobLifecycle(tables, settings, clock);
  }

  public long epoch() {
    return tables.epoch;
  }

  /**
   * Events from now on ask for a scheduling pass that {@link #drainCommands} makes, instead of
   * making one each: for a loop that drains after a run of events.
   */
  public void deferSchedulingPasses() {
    lifecycle.deferPasses();
  }

  /** The commands decided since the last call, in order. */
  public List<Command> drainCommands() {
    return lifecycle.drainCommands();
  }

  // ---- clients ----

  public String newJobId() {
    return new JobID(identifier, nextJobNumber++).toString();
  }

  public JobStatusReport submit(JobSpec spec) throws JobSubmissionException {
    JobID id;
    try {
      id = WireIds.job(spec.jobId());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException("malformed job id " + spec.jobId());
    }
    if (tables.jobs.containsKey(id)) {
      throw new JobSubmissionException("job " + spec.jobId() + " was already submitted");
    }
    try {
      // Workers bind the job's tasks to a token for this user: it must be one a token can name.
      new io.quern.security.JobSubject(spec.jobId(), spec.user());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException("job " + spec.jobId() + " cannot run as its submitter: " + e.getMessage());
    }
    JobInProgress job = newJob(id, spec);
    LOG.info("{} submitted by {}: {} maps, {} reduces, priority {}", spec.jobId(), spec.user(),
        job.maps.size(), job.reduces.size(), spec.priority());
    if (job.allComplete()) {
      lifecycle.startCommit(job);
    }
    lifecycle.schedule();
    return report(job);
  }

  private JobInProgress newJob(JobID id, JobSpec spec) throws JobSubmissionException {
    JobInProgress job = JobSettings.newJob(id, spec, nextSequence++, clock.getAsLong(),
        (int) (tables.epoch % 1000) * 1000, settings);
    tables.jobs.put(id, job);
    return job;
  }

  /**
   * Takes over a job an earlier leader accepted and did not finish (see {@link JobRecovery}).
   *
   * @param live the workers registered now, by id
   */
  public JobStatusReport recover(JobSpec spec, List<TaskRecord> finished, Map<String, WorkerInfo> live)
      throws JobSubmissionException {
    JobID id;
    try {
      id = WireIds.job(spec.jobId());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException(e.getMessage());
    }
    if (tables.jobs.containsKey(id)) {
      throw new JobSubmissionException("job " + spec.jobId() + " was already submitted");
    }
    JobInProgress job = newJob(id, spec);
    JobRecovery.restore(job, finished, live, clock.getAsLong());
    if (JobRecovery.committed(job)) {
      lifecycle.endJob(job, JobState.SUCCEEDED, null);
    } else if (job.allComplete()) {
      lifecycle.startCommit(job);
    }
    lifecycle.schedule();
    return report(job);
  }

  public JobStatusReport status(String jobId) throws UnknownJobException {
    return report(job(jobId));
  }

  /** The job a client names; unknown when the text is no job id. */
  private JobInProgress job(String jobId) throws UnknownJobException {
    try {
      return tables.job(WireIds.job(jobId));
    } catch (IllegalArgumentException e) {
      throw new UnknownJobException(jobId);
    }
  }

  /** The attempt a worker or client names; null when it names none (or is no attempt id). */
  private Attempt attempt(String attemptId) {
    try {
      return tables.attempt(WireIds.attempt(attemptId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Publishes to {@code waiters} the report of each job a caller waits on, when one is due
   * (after a run of calls; see {@link JobChangeWaiters#due}); a job no longer in the tables
   * releases its waiters.
   */
  void publishChanges(JobChangeWaiters waiters) {
    List<JobID> watched = waiters.watched();
    if (watched.isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    for (JobID id : watched) {
      JobInProgress job = tables.jobs.get(id);
      if (job == null) {
        waiters.release(id);
      } else if (waiters.due(id, job.state, now)) {
        waiters.publish(id, report(job), now);
      }
    }
  }

  /** The job's status now, published to its waiters too: where a wait for its change starts. */
  JobStatusReport publishStatus(JobID jobId, JobChangeWaiters waiters) throws UnknownJobException {
    JobStatusReport r = report(tables.job(jobId));
    waiters.publish(jobId, r, clock.getAsLong());
    return r;
  }

  public CountersSnapshot counters(String jobId) throws UnknownJobException {
    return job(jobId).counters();
  }

  public List<TaskReport> taskReports(String jobId) throws UnknownJobException {
    JobInProgress job = job(jobId);
    List<TaskReport> out = new ArrayList<>();
    job.maps.forEach(t -> out.add(t.report()));
    job.reduces.forEach(t -> out.add(t.report()));
    return out;
  }

  public List<JobStatusReport> list() {
    return tables.jobs.values().stream().map(this::report).toList();
  }

  // ---- the status pages (copies made on the loop thread; see MasterSnapshots) ----

  MasterSnapshots.Tables tablesSnapshot() {
    return MasterSnapshots.tables(tables, nextSequence, settings.maxWorkerFailuresPerJob());
  }

  JobDetail jobSnapshot(String jobId) throws UnknownJobException {
    return MasterSnapshots.job(job(jobId));
  }

  java.util.List<MasterSnapshots.WorkerRow> workersSnapshot() {
    return MasterSnapshots.workers(tables, settings.maxWorkerFailuresPerJob());
  }

  public void killJob(String jobId) throws UnknownJobException {
    JobInProgress job = job(jobId);
    if (!job.state.isTerminal()) {
      lifecycle.endJob(job, JobState.KILLED, "killed by request");
    }
  }

  public void killAttempt(String attemptId, boolean fail) throws UnknownJobException {
    Attempt a = attempt(attemptId);
    if (a == null || !a.isRunning()) {
      throw new UnknownJobException(attemptId + " (no such running attempt)");
    }
    lifecycle.kill(a);
    lifecycle.attemptEnded(a, fail ? TaskState.FAILED : TaskState.KILLED,
        fail ? "failed by request" : "killed by request");
  }

  /** At most this many events per call: a client follows a long job in batches. */
  static final int MAX_EVENTS_PER_CALL = 1_000;

  public List<io.quern.mapreduce.TaskCompletionEvent> taskCompletionEvents(String jobId, int fromIndex, int max)
      throws UnknownJobException {
    List<io.quern.mapreduce.TaskCompletionEvent> events = job(jobId).completionEvents;
    int from = Math.min(Math.max(0, fromIndex), events.size());
    int to = Math.min(events.size(), from + Math.max(0, Math.min(max, MAX_EVENTS_PER_CALL)));
    return List.copyOf(events.subList(from, to));
  }

  public String attemptWorker(String attemptId) throws UnknownJobException {
    Attempt a = attempt(attemptId);
    if (a == null) {
      throw new UnknownJobException(attemptId + " (no such attempt)");
    }
    return a.worker.endpoint();
  }

  // ---- workers ----

  /** A worker joined, or republished its data (every few seconds, with its resources). */
  public void workerJoined(WorkerInfo w) {
    WorkerInfo old = tables.workers.join(w);
    // Not on every republish: a worker's load changes each time, and the line would say nothing new.
    if (old == null || !w.endpoint().equals(old.endpoint()) || !w.rack().equals(old.rack())
        || w.mapSlots() != old.mapSlots() || w.reduceSlots() != old.reduceSlots()) {
      LOG.info("worker {} {} at {} on {}: {} map, {} reduce slots", w.id(), old == null ? "joined" : "changed",
          w.endpoint(), w.rack(), w.mapSlots(), w.reduceSlots());
    }
    lifecycle.schedule();
  }

  /**
   * A worker's znode vanished: its running attempts are lost, and so are the outputs of maps
   * it completed for jobs whose reducers still need them.
   */
  public void workerLost(String workerId) {
    lifecycle.forgetWorker(workerId);
    if (tables.workers.leave(workerId) == null) {
      return;
    }
    LOG.info("worker {} lost; rescheduling its attempts and the map outputs reducers still need", workerId);
    lifecycle.reclaimFromLostWorker(workerId);
    lifecycle.schedule();
  }

  // ---- the DFS ----

  /**
   * Whether a NameNode is registered now. While none is, running jobs wait for it: their
   * attempts hold their DFS calls (and say so), and their status notes the wait; jobs fail
   * only once none has been registered for {@link SchedulerSettings#namenodeWaitMillis()}.
   */
  public void namenodeRegistered(boolean registered) {
    long now = clock.getAsLong();
    if (registered && namenodeMissingSince >= 0) {
      LOG.info("the NameNode is registered again after {} s", (now - namenodeMissingSince) / 1000);
      namenodeMissingSince = -1;
    } else if (!registered && namenodeMissingSince < 0) {
      LOG.info("no NameNode is registered; running jobs wait up to {} s for one", settings.namenodeWaitMillis() / 1000);
      namenodeMissingSince = now;
    }
  }

  private JobStatusReport report(JobInProgress job) {
    if (namenodeMissingSince >= 0) {
      return job.report("waiting for the NameNode, none registered for "
          + (clock.getAsLong() - namenodeMissingSince) / 1000 + " s");
    }
    return job.report(gpuWait(job));
  }

  /** Why the job's pending tasks cannot start anywhere: no live worker has the GPUs they need. Null if some can. */
  private String gpuWait(JobInProgress job) {
    int most = 0;
    for (WorkerInfo w : tables.workers.infos()) {
      most = Math.max(most, w.gpus().size());
    }
    for (boolean map : new boolean[] {true, false}) {
      int need = job.gpus(map);
      if (need > most && job.totals.inState(map, TaskState.PENDING) > 0) {
        return "waiting for a worker with " + need + " GPUs for each " + (map ? "map" : "reduce")
            + " (the most any live worker offers is " + most + ")";
      }
    }
    return null;
  }

  /** Fails the running jobs once the NameNode has been gone for longer than the wait window. */
  private void failJobsWithoutNamenode(long now) {
    if (namenodeMissingSince < 0 || now - namenodeMissingSince <= settings.namenodeWaitMillis()) {
      return;
    }
    for (JobInProgress job : tables.activeJobs()) {
      lifecycle.endJob(job, JobState.FAILED, "no NameNode has been registered for " + (now - namenodeMissingSince) / 1000
          + " s (mapred.namenode.wait.window is " + settings.namenodeWaitMillis() / 1000
          + " s), so the job can neither read nor write the DFS");
    }
  }

  // ---- attempts (through the umbilical) ----

  /** Records progress; false tells the worker to kill an attempt the master no longer wants. */
  public boolean statusUpdate(AttemptStatus s) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = attempt(s.attemptId());
    if (a == null || !a.isRunning()) {
      return false;
    }
    a.lastReportMillis = clock.getAsLong();
    a.progress(s.progress());
    a.status = lifecycle.bounded(s.status());
    if (!lifecycle.countersWithinBounds(a, s.counters())) {
      return false;
    }
    a.counters = s.counters();
    return true;
  }

  /** Grants the commit of a task's output to the first attempt that asks, and to no other. */
  public boolean canCommit(long attemptEpoch, String attemptId) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    Attempt a = attempt(attemptId);
    return a != null && a.task.grantCommit(a);
  }

  public void attemptSucceeded(AttemptStatus s) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = attempt(s.attemptId());
    if (a == null) {
      return;
    }
    if (!a.isRunning()) {
      lifecycle.endReported(a);
      return;
    }
    a.endReported = true;
    JobInProgress job = tables.jobOf(a);
    TaskInProgress t = a.task;
    if (!lifecycle.countersWithinBounds(a, s.counters())) {
      return;
    }
    a.counters = s.counters();
    a.shuffleEndpoint = s.shuffleEndpoint();
    lifecycle.attemptSucceeded(job, t, a);
  }

  public void attemptFailed(AttemptStatus s, String diagnostics, boolean killed) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = attempt(s.attemptId());
    if (a == null) {
      return;
    }
    if (!a.isRunning()) {
      lifecycle.endReported(a); // an attempt the master killed: its processes are gone now
      return;
    }
    a.endReported = true;
    lifecycle.attemptEnded(a, killed ? TaskState.KILLED : TaskState.FAILED, diagnostics);
  }

  public List<MapOutputEvent> mapOutputEvents(long attemptEpoch, String jobId, int fromIndex)
      throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    JobInProgress job = knownJob(jobId);
    if (job == null || fromIndex >= job.mapEvents.size()) {
      return List.of();
    }
    return List.copyOf(job.mapEvents.subList(Math.max(0, fromIndex), job.mapEvents.size()));
  }

  /**
   * Of {@code jobIds}, those with nothing left to run here: ended (and no abort attempt still
   * running), or unknown (retired, dropped at recovery).
   */
  public List<String> endedJobs(long attemptEpoch, List<String> jobIds) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    List<String> ended = new ArrayList<>();
    for (String id : jobIds) {
      JobInProgress job = knownJob(id);
      if (job == null || (job.state.isTerminal() && !job.workersCleanupPending)) {
        ended.add(id);
      }
    }
    return ended;
  }

  /** The job a worker names, or null for none (or no job id: a worker can hold nothing of such a job). */
  private JobInProgress knownJob(String jobId) {
    try {
      return tables.jobs.get(WireIds.job(jobId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Enough reducers failing to fetch a map's output (after their own retries) re-run the map. */
  public void fetchFailed(long attemptEpoch, String reduceAttemptId, String mapAttemptId)
      throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    Attempt a = attempt(mapAttemptId);
    if (a == null || a.state() != TaskState.SUCCEEDED) {
      return;
    }
    JobInProgress job = tables.jobOf(a);
    a.fetchFailures++;
    int threshold = Math.min(settings.fetchFailuresToRerun(), Math.max(1, job.reduces.size()));
    LOG.info("{} output could not be fetched by {} ({} of {} reports)", mapAttemptId, reduceAttemptId,
        a.fetchFailures, threshold);
    if (a.fetchFailures >= threshold) {
      TaskInProgress t = a.task;
      t.outputUnfetchable(a);
      lifecycle.invalidateMapOutput(job, t, TaskState.FAILED);
      if (t.failures() >= job.maxAttempts(true)) {
        lifecycle.failTask(job, t);
      }
      lifecycle.schedule();
    }
  }

  /**
   * Timer: fails attempts the master has not heard of for {@code silentAttemptMillis} (their
   * worker cannot reach this master, or lost them), and lets delay scheduling and speculation
   * act without other events.
   */
  public void tick() {
    long now = clock.getAsLong();
    for (JobInProgress retired : tables.retire(now, settings.retention())) {
      LOG.info("{} retired: its {} ended {} s ago; its history file keeps it", retired.id, retired.state,
          (now - retired.finishMillis) / 1000);
    }
    failJobsWithoutNamenode(now);
    // Only running attempts can fall silent: the index holds them, in the order of the tables.
    for (Attempt a : tables.running.matching((job, a) -> (!job.state.isTerminal() || job.workersCleanupPending)
        && now - a.lastReportMillis > job.silenceMillis)) {
      JobInProgress job = tables.jobOf(a);
      if (a.isRunning()) {
        lifecycle.kill(a);
        lifecycle.endAttempt(job, a.task, a, TaskState.FAILED, job.silenceKey == null
            ? "no report from worker " + a.worker.id() + " for " + (now - a.lastReportMillis) / 1000 + "s"
            : "timed out: no progress reported for " + seconds(now - a.lastReportMillis) + " (the job's "
                + job.silenceKey + " is " + seconds(job.silenceMillis) + ")");
      }
    }
    lifecycle.schedule();
  }

  /** A duration in seconds for messages: "1.5 s", "600 s". */
  private static String seconds(long millis) {
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f",
        millis / 1000.0)) + " s";
  }
}
