package io.quern.master;

import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master's events, for one leadership epoch: submissions and client queries, worker joins
 * and losses, attempt reports, timer ticks. It routes each to the class that owns that kind of
 * event: client queries to {@link JobQueries}, the workers' attempt reports to
 * {@link AttemptReports}, the NameNode's presence to {@link NamenodeWait}, a taken-over job to
 * {@link JobRecovery}; it checks submissions and worker changes itself. Each hands its change to
 * the {@link JobLifecycle}, which queues the {@link Command}s that the caller drains and carries
 * out. Ids arrive as the text workers and clients send; {@link JobTables} parses each once, by
 * {@link WireIds}, and they are typed from there on.
 *
 * <p>Not thread-safe by design: one thread (the master's event loop) calls everything, and the
 * classes it routes to are confined to that thread with it. No RMI or ZooKeeper here, so tests
 * drive it directly with a fake clock.
 */
public final class JobTracker {
  private static final Logger LOG = LogManager.getLogger(JobTracker.class);

  private final String identifier;
  private final SchedulerSettings settings;
  private final LongSupplier clock;
  private final JobTables tables;
  private final JobLifecycle lifecycle;
  private final NamenodeWait namenode;
  private final JobQueries queries;
  private final AttemptReports attempts;
  /** Confined to the loop thread. */
  private int nextJobNumber = 1;
  /** Submission order of the jobs, for FIFO within a priority. Confined to the loop thread. */
  private long nextSequence;

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
    this.namenode = new NamenodeWait(settings, clock);
    this.queries = new JobQueries(tables, settings, clock, namenode);
    this.attempts = new AttemptReports(tables, lifecycle, settings, clock);
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

  // ---- clients: submissions and kills ----

  public String newJobId() {
    return new JobID(identifier, nextJobNumber++).toString();
  }

  public JobStatusReport submit(JobSpec spec) throws JobSubmissionException {
    JobInProgress recovered = sameSubmissionRecovered(spec);
    if (recovered != null) {
      // This master lost and regained the lead between recording the job and taking it, and its
      // recovery took the job from the store: this is that submission, not a second one.
      LOG.info("{} was recovered from the job store while its submission was under way; answering with its status",
          spec.jobId());
      return queries.report(recovered);
    }
    JobID id = newJobIdOf(spec, "malformed job id " + spec.jobId());
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
    return queries.report(job);
  }

  /**
   * Takes over a job an earlier leader accepted and did not finish (see {@link JobRecovery}).
   *
   * @param live the workers registered now, by id
   */
  public JobStatusReport recover(JobSpec spec, List<TaskRecord> finished, Map<String, WorkerInfo> live)
      throws JobSubmissionException {
    JobID id = newJobIdOf(spec, null);
    JobInProgress job = newJob(id, spec);
    JobRecovery.restore(job, finished, live, clock.getAsLong());
    if (JobRecovery.committed(job)) {
      lifecycle.endJob(job, JobState.SUCCEEDED, null);
    } else if (job.allComplete()) {
      lifecycle.startCommit(job);
    }
    lifecycle.schedule();
    return queries.report(job);
  }

  /** The job of {@code spec}'s id if it holds the same submission (user, staging directory, jar, tasks), else null. */
  private JobInProgress sameSubmissionRecovered(JobSpec spec) {
    JobInProgress job = tables.knownJob(spec.jobId());
    if (job == null) {
      return null;
    }
    JobSpec had = job.spec;
    boolean same = had.user().equals(spec.user()) && java.util.Objects.equals(had.stagingDir(), spec.stagingDir())
        && java.util.Objects.equals(had.jarPath(), spec.jarPath()) && had.splits().size() == spec.splits().size()
        && had.numReduces() == spec.numReduces();
    return same ? job : null;
  }

  /** The spec's job id, parsed; refused when malformed ({@code malformed}, or the parser's words if null) or taken. */
  private JobID newJobIdOf(JobSpec spec, String malformed) throws JobSubmissionException {
    JobID id;
    try {
      id = WireIds.job(spec.jobId());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException(malformed != null ? malformed : e.getMessage());
    }
    if (tables.jobs.containsKey(id)) {
      throw new JobSubmissionException("job " + spec.jobId() + " was already submitted");
    }
    return id;
  }

  private JobInProgress newJob(JobID id, JobSpec spec) throws JobSubmissionException {
    JobInProgress job = JobSettings.newJob(id, spec, nextSequence++, clock.getAsLong(),
        (int) (tables.epoch % 1000) * 1000, settings);
    tables.jobs.put(id, job);
    return job;
  }

  public void killJob(String jobId) throws UnknownJobException {
    JobInProgress job = tables.job(jobId);
    if (!job.state.isTerminal()) {
      lifecycle.endJob(job, JobState.KILLED, "killed by request");
    }
  }

  public void killAttempt(String attemptId, boolean fail) throws UnknownJobException {
    Attempt a = tables.attempt(attemptId);
    if (a == null || !a.isRunning()) {
      throw new UnknownJobException(attemptId + " (no such running attempt)");
    }
    lifecycle.kill(a);
    lifecycle.attemptEnded(a, fail ? TaskState.FAILED : TaskState.KILLED,
        fail ? "failed by request" : "killed by request");
  }

  // ---- clients and pages: queries (JobQueries) ----

  public JobStatusReport status(String jobId) throws UnknownJobException {
    return queries.status(jobId);
  }

  void publishChanges(JobChangeWaiters waiters) {
    queries.publishChanges(waiters);
  }

  JobStatusReport publishStatus(JobID jobId, JobChangeWaiters waiters) throws UnknownJobException {
    return queries.publishStatus(jobId, waiters);
  }

  public CountersSnapshot counters(String jobId) throws UnknownJobException {
    return queries.counters(jobId);
  }

  public List<TaskReport> taskReports(String jobId) throws UnknownJobException {
    return queries.taskReports(jobId);
  }

  public List<JobStatusReport> list() {
    return queries.list();
  }

  public List<TaskCompletionEvent> taskCompletionEvents(String jobId, int fromIndex, int max)
      throws UnknownJobException {
    return queries.taskCompletionEvents(jobId, fromIndex, max);
  }

  public String attemptWorker(String attemptId) throws UnknownJobException {
    return queries.attemptWorker(attemptId);
  }

  MasterSnapshots.Tables tablesSnapshot() {
    return queries.tablesSnapshot(nextSequence);
  }

  JobDetail jobSnapshot(String jobId) throws UnknownJobException {
    return queries.jobSnapshot(jobId);
  }

  List<MasterSnapshots.WorkerRow> workersSnapshot() {
    return queries.workersSnapshot();
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

  /** Whether a NameNode is registered now (see {@link NamenodeWait}). */
  public void namenodeRegistered(boolean registered) {
    namenode.registered(registered);
  }

  // ---- attempts, through the umbilical (AttemptReports) ----

  public boolean statusUpdate(AttemptStatus s) throws StaleEpochException {
    return attempts.statusUpdate(s);
  }

  public boolean canCommit(long attemptEpoch, String attemptId) throws StaleEpochException {
    return attempts.canCommit(attemptEpoch, attemptId);
  }

  public void attemptSucceeded(AttemptStatus s) throws StaleEpochException {
    attempts.succeeded(s);
  }

  public void attemptFailed(AttemptStatus s, String diagnostics, boolean killed) throws StaleEpochException {
    attempts.failed(s, diagnostics, killed);
  }

  /** A worker's reports on many attempts, applied in order in this one event (see {@link AttemptReports#report}). */
  public List<io.quern.protocol.mapred.ReportAnswer> report(List<io.quern.protocol.mapred.AttemptReport> reports) {
    return attempts.report(reports);
  }

  public List<MapOutputEvent> mapOutputEvents(long attemptEpoch, String jobId, int fromIndex)
      throws StaleEpochException {
    return attempts.mapOutputEvents(attemptEpoch, jobId, fromIndex);
  }

  public List<String> endedJobs(long attemptEpoch, List<String> jobIds) throws StaleEpochException {
    return attempts.endedJobs(attemptEpoch, jobIds);
  }

  public void fetchFailed(long attemptEpoch, String reduceAttemptId, String mapAttemptId)
      throws StaleEpochException {
    attempts.fetchFailed(attemptEpoch, reduceAttemptId, mapAttemptId);
  }

  // ---- the timer ----

  /**
   * Retires old ended jobs, fails jobs the NameNode has been gone from too long and attempts
   * fallen silent, and lets delay scheduling and speculation act without other events.
   */
  public void tick() {
    long now = clock.getAsLong();
    for (JobInProgress retired : tables.retire(now, settings.retention())) {
      LOG.info("{} retired: its {} ended {} s ago; its history file keeps it", retired.id, retired.state,
          (now - retired.finishMillis) / 1000);
    }
    namenode.failOverdueJobs(now, tables, lifecycle);
    attempts.failSilent(now);
    lifecycle.schedule();
  }
}
