package io.quern.master;

import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.protocol.mapred.JobSpec;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master's job and task tables and its scheduling decisions, for one leadership epoch.
 * It takes events (submissions, worker joins and losses, attempt reports, timer ticks) and
 * queues {@link Command}s that the caller drains and carries out.
 *
 * <p>Not thread-safe by design: one thread (the master's event loop) calls everything. No RMI
 * or ZooKeeper here, so tests drive it directly with a fake clock.
 */
public final class JobTracker {
  private static final Logger LOG = LogManager.getLogger(JobTracker.class);

  private final long epoch;
  private final String identifier;
  private final SchedulerSettings settings;
  private final LongSupplier clock;
  private final Function<String, String> rackOfHost;
  private final Map<String, JobInProgress> jobs = new LinkedHashMap<>();
  private final Map<String, WorkerInfo> workers = new TreeMap<>();
  /** The order in which workers were last given an attempt (a sequence number per worker). */
  private final Map<String, Long> lastLaunch = new HashMap<>();
  private long launchSequence;
  private final List<Command> outbox = new ArrayList<>();
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
    this.epoch = epoch;
    this.identifier = identifier;
    this.settings = settings;
    this.clock = clock;
    this.rackOfHost = rackOfHost;
  }

  public long epoch() {
    return epoch;
  }

  /** The commands decided since the last call, in order. */
  public List<Command> drainCommands() {
    List<Command> out = List.copyOf(outbox);
    outbox.clear();
    return out;
  }

  // ---- clients ----

  public String newJobId() {
    return new JobID(identifier, nextJobNumber++).toString();
  }

  public JobStatusReport submit(JobSpec spec) throws JobSubmissionException {
    if (jobs.containsKey(spec.jobId())) {
      throw new JobSubmissionException("job " + spec.jobId() + " was already submitted");
    }
    try {
      JobID.forName(spec.jobId());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException("malformed job id " + spec.jobId());
    }
    try {
      // Workers bind the job's tasks to a token for this user: it must be one a token can name.
      new io.quern.security.JobSubject(spec.jobId(), spec.user());
    } catch (IllegalArgumentException e) {
      throw new JobSubmissionException("job " + spec.jobId() + " cannot run as its submitter: " + e.getMessage());
    }
    JobInProgress job = newJob(spec);
    LOG.info("{} submitted by {}: {} maps, {} reduces, priority {}", spec.jobId(), spec.user(),
        job.maps.size(), job.reduces.size(), spec.priority());
    if (job.allComplete()) {
      startCommit(job);
    }
    schedule();
    return report(job);
  }

  private JobInProgress newJob(JobSpec spec) {
    // Parsed once: on a new leader this parse is on the way to the first task it assigns.
    io.quern.conf.Configuration jobConf = jobConf(spec);
    JobInProgress job = new JobInProgress(spec, nextSequence++, clock.getAsLong(),
        jobSetting(jobConf, SchedulerSettings.MAP_MAX_ATTEMPTS, settings.maxMapAttempts()),
        jobSetting(jobConf, SchedulerSettings.REDUCE_MAX_ATTEMPTS, settings.maxReduceAttempts()),
        (int) (epoch % 1000) * 1000);
    jobs.put(spec.jobId(), job);
    return job;
  }

  /**
   * Takes over a job an earlier leader accepted and did not finish. Its recorded reduces stay
   * committed (their output is in the job's output directory); its recorded maps are reused
   * when the worker holding their output is live (it keeps map outputs until the job's
   * cleanup), else run again. Attempts the earlier leader left running are not adopted: their
   * reports carry the old epoch and are refused, which makes their worker kill them, and the
   * tasks run again here.
   *
   * @param live the workers registered now, by id
   */
  public JobStatusReport recover(JobSpec spec, List<TaskRecord> finished, Map<String, WorkerInfo> live)
      throws JobSubmissionException {
    if (jobs.containsKey(spec.jobId())) {
      throw new JobSubmissionException("job " + spec.jobId() + " was already submitted");
    }
    JobInProgress job = newJob(spec);
    job.workersUsed.addAll(live.keySet()); // any of them may hold files of the earlier leader's attempts
    long now = clock.getAsLong();
    int maps = 0;
    int reduces = 0;
    for (TaskRecord r : finished) {
      TaskInProgress t;
      TaskAttemptID attemptId;
      try {
        attemptId = TaskAttemptID.forName(r.attemptId());
        t = job.task(attemptId.getTaskID());
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: ignoring a malformed task record {}", spec.jobId(), r);
        continue;
      }
      if (t == null || t.succeeded != null || !attemptId.getTaskID().toString().equals(r.taskId())) {
        continue;
      }
      WorkerInfo w = live.get(r.workerId());
      if (t.isMap()) {
        if (job.reduces.isEmpty()) {
          // A map-only job's maps committed their output to the job's output directory.
          w = w != null ? w : new WorkerInfo(r.workerId(), "", "", "", 0, 0);
        } else if (w == null || r.shuffleEndpoint() == null) {
          LOG.info("{}: output of {} went with worker {}; running the map again", spec.jobId(), r.attemptId(),
              r.workerId());
          continue;
        }
      } else {
        w = w != null ? w : new WorkerInfo(r.workerId(), "", "", "", 0, 0);
      }
      Attempt a = new Attempt(attemptId, w, now, false);
      a.state = TaskState.SUCCEEDED;
      a.progress = 1f;
      a.shuffleEndpoint = r.shuffleEndpoint();
      t.recovered = a;
      t.succeeded = a;
      if (t.isMap()) {
        maps++;
        job.count(JobCounter.RECOVERED_MAPS);
        if (!job.reduces.isEmpty()) {
          job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), a.id.toString(),
              a.shuffleEndpoint, false));
        }
      } else {
        reduces++;
        job.count(JobCounter.RECOVERED_REDUCES);
      }
    }
    LOG.info("{} recovered from an earlier leader: {} of {} maps and {} of {} reduces taken over as done; "
        + "running the rest", spec.jobId(), maps, job.maps.size(), reduces, job.reduces.size());
    if (job.allComplete()) {
      startCommit(job);
    }
    schedule();
    return report(job);
  }

  public JobStatusReport status(String jobId) throws UnknownJobException {
    return report(job(jobId));
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
    return jobs.values().stream().map(this::report).toList();
  }

  public void killJob(String jobId) throws UnknownJobException {
    JobInProgress job = job(jobId);
    if (!job.state.isTerminal()) {
      endJob(job, JobState.KILLED, "killed by request");
    }
  }

  public void killAttempt(String attemptId, boolean fail) throws UnknownJobException {
    Attempt a = attempt(attemptId);
    if (a == null || !a.isRunning()) {
      throw new UnknownJobException(attemptId + " (no such running attempt)");
    }
    send(new Command.Kill(a.worker.id(), a.worker.endpoint(), attemptId));
    attemptEnded(attemptId, fail ? TaskState.FAILED : TaskState.KILLED,
        fail ? "failed by request" : "killed by request");
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
    WorkerInfo old = workers.put(w.id(), w);
    if (!w.equals(old)) {
      LOG.info("worker {} {} at {} on {}: {} map, {} reduce slots", w.id(), old == null ? "joined" : "changed",
          w.endpoint(), w.rack(), w.mapSlots(), w.reduceSlots());
    }
    schedule();
  }

  /**
   * A worker's znode vanished: its running attempts are lost, and so are the outputs of maps
   * it completed for jobs whose reducers still need them.
   */
  public void workerLost(String workerId) {
    lastLaunch.remove(workerId);
    if (workers.remove(workerId) == null) {
      return;
    }
    LOG.info("worker {} lost; rescheduling its attempts and the map outputs reducers still need", workerId);
    for (JobInProgress job : jobsWithAttempts()) {
      for (TaskInProgress t : job.allTasks()) {
        for (Attempt a : t.attempts) {
          if (a.isRunning() && a.worker.id().equals(workerId)) {
            endAttempt(job, t, a, TaskState.KILLED, "worker " + workerId + " lost");
          }
        }
      }
      if (!job.state.isTerminal() && job.completed(false) < job.reduces.size()) {
        for (TaskInProgress t : job.maps) {
          if (t.succeeded != null && t.succeeded.worker.id().equals(workerId)) {
            LOG.info("{} output of {} lost with worker {}; re-running the map", job.id, t.succeeded.id, workerId);
            invalidateMapOutput(job, t, TaskState.KILLED);
          }
        }
      }
    }
    schedule();
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
    if (namenodeMissingSince < 0) {
      return job.report();
    }
    return job.report("waiting for the NameNode, none registered for "
        + (clock.getAsLong() - namenodeMissingSince) / 1000 + " s");
  }

  /** Fails the running jobs once the NameNode has been gone for longer than the wait window. */
  private void failJobsWithoutNamenode(long now) {
    if (namenodeMissingSince < 0 || now - namenodeMissingSince <= settings.namenodeWaitMillis()) {
      return;
    }
    for (JobInProgress job : activeJobs()) {
      endJob(job, JobState.FAILED, "no NameNode has been registered for " + (now - namenodeMissingSince) / 1000
          + " s (mapred.namenode.wait.window is " + settings.namenodeWaitMillis() / 1000
          + " s), so the job can neither read nor write the DFS");
    }
  }

  // ---- attempts (through the umbilical) ----

  /** Records progress; false tells the worker to kill an attempt the master no longer wants. */
  public boolean statusUpdate(AttemptStatus s) throws StaleEpochException {
    checkEpoch(s.epoch());
    Attempt a = attempt(s.attemptId());
    if (a == null || !a.isRunning()) {
      return false;
    }
    a.lastReportMillis = clock.getAsLong();
    a.progress = Math.max(0f, Math.min(1f, s.progress()));
    a.status = bounded(s.status());
    if (!countersWithinBounds(a, s.counters())) {
      return false;
    }
    a.counters = s.counters();
    return true;
  }

  /** Grants the commit of a task's output to the first attempt that asks, and to no other. */
  public boolean canCommit(long attemptEpoch, String attemptId) throws StaleEpochException {
    checkEpoch(attemptEpoch);
    Attempt a = attempt(attemptId);
    if (a == null || !a.isRunning()) {
      return false;
    }
    TaskInProgress t = task(attemptId);
    if (t.commitGrantedTo == null) {
      t.commitGrantedTo = attemptId;
    }
    return t.commitGrantedTo.equals(attemptId);
  }

  public void attemptSucceeded(AttemptStatus s) throws StaleEpochException {
    checkEpoch(s.epoch());
    Attempt a = attempt(s.attemptId());
    if (a == null || !a.isRunning()) {
      return;
    }
    JobInProgress job = jobs.get(a.id.getJobID().toString());
    TaskInProgress t = task(s.attemptId());
    if (!countersWithinBounds(a, s.counters())) {
      return;
    }
    a.counters = s.counters();
    a.shuffleEndpoint = s.shuffleEndpoint();
    if (t.isCleanup()) {
      cleanupSucceeded(job, t, a);
      schedule();
      return;
    }
    if (t.succeeded != null || job.state.isTerminal()) {
      // Another attempt won the race; this one's output is ignored.
      endAttempt(job, t, a, TaskState.KILLED, "another attempt finished first");
      schedule();
      return;
    }
    a.state = TaskState.SUCCEEDED;
    a.progress = 1f;
    t.succeeded = a;
    job.lastSuccessWorker = a.worker.id();
    LOG.info("{} SUCCEEDED on {}", a.id, a.worker.id());
    for (Attempt other : t.attempts) {
      if (other.isRunning()) {
        send(new Command.Kill(other.worker.id(), other.worker.endpoint(), other.id.toString()));
        endAttempt(job, t, other, TaskState.KILLED, "another attempt finished first");
      }
    }
    if (t.isMap() && !job.reduces.isEmpty()) {
      job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), a.id.toString(),
          a.shuffleEndpoint, false));
    }
    // Reduces (and the maps of a map-only job) committed their output before reporting done.
    send(new Command.RecordTask(job.spec.jobId(),
        new TaskRecord(t.id.toString(), a.id.toString(), a.worker.id(), a.shuffleEndpoint)));
    if (job.allComplete()) {
      startCommit(job);
    }
    schedule();
  }

  public void attemptFailed(AttemptStatus s, String diagnostics, boolean killed) throws StaleEpochException {
    checkEpoch(s.epoch());
    attemptEnded(s.attemptId(), killed ? TaskState.KILLED : TaskState.FAILED, diagnostics);
  }

  public List<MapOutputEvent> mapOutputEvents(long attemptEpoch, String jobId, int fromIndex)
      throws StaleEpochException {
    checkEpoch(attemptEpoch);
    JobInProgress job = jobs.get(jobId);
    if (job == null || fromIndex >= job.mapEvents.size()) {
      return List.of();
    }
    return List.copyOf(job.mapEvents.subList(Math.max(0, fromIndex), job.mapEvents.size()));
  }

  /** Enough reducers failing to fetch a map's output (after their own retries) re-run the map. */
  public void fetchFailed(long attemptEpoch, String reduceAttemptId, String mapAttemptId)
      throws StaleEpochException {
    checkEpoch(attemptEpoch);
    Attempt a = attempt(mapAttemptId);
    if (a == null || a.state != TaskState.SUCCEEDED) {
      return;
    }
    JobInProgress job = jobs.get(a.id.getJobID().toString());
    a.fetchFailures++;
    int threshold = Math.min(settings.fetchFailuresToRerun(), Math.max(1, job.reduces.size()));
    LOG.info("{} output could not be fetched by {} ({} of {} reports)", mapAttemptId, reduceAttemptId,
        a.fetchFailures, threshold);
    if (a.fetchFailures >= threshold) {
      TaskInProgress t = task(mapAttemptId);
      t.failures++;
      t.diagnostics.add(mapAttemptId + ": output unfetchable by reducers");
      invalidateMapOutput(job, t, TaskState.FAILED);
      if (t.failures >= job.maxAttempts(true)) {
        failTask(job, t);
      }
      schedule();
    }
  }

  /** The job's cleanup attempt finished: the job's output is committed, or aborted. */
  private void cleanupSucceeded(JobInProgress job, TaskInProgress t, Attempt a) {
    a.state = TaskState.SUCCEEDED;
    a.progress = 1f;
    t.succeeded = a;
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
   * Timer: fails attempts the master has not heard of for {@code silentAttemptMillis} (their
   * worker cannot reach this master, or lost them), and lets delay scheduling and speculation
   * act without other events.
   */
  public void tick() {
    long now = clock.getAsLong();
    failJobsWithoutNamenode(now);
    for (JobInProgress job : jobsWithAttempts()) {
      for (TaskInProgress t : job.allTasks()) {
        for (Attempt a : t.attempts) {
          if (a.isRunning() && now - a.lastReportMillis > settings.silentAttemptMillis()) {
            send(new Command.Kill(a.worker.id(), a.worker.endpoint(), a.id.toString()));
            endAttempt(job, t, a, TaskState.FAILED,
                "no report from worker " + a.worker.id() + " for " + (now - a.lastReportMillis) / 1000 + "s");
          }
        }
      }
    }
    schedule();
  }

  // ---- scheduling ----

  private void schedule() {
    for (JobInProgress job : activeJobs()) {
      if (job.committing) {
        launchCleanup(job);
      }
    }
    List<JobInProgress> order = activeJobs().stream()
        .filter(j -> !j.committing)
        .sorted(Comparator.comparingInt((JobInProgress j) -> -j.spec.priority())
            .thenComparingLong(j -> j.sequence))
        .toList();
    if (order.isEmpty() || workers.isEmpty()) {
      return;
    }
    // Least recently given work first: jobs smaller than the cluster spread over the workers
    // instead of piling on the first one (whose warm spare child the previous job just took).
    List<WorkerInfo> byLastLaunch = workers.values().stream()
        .sorted(Comparator.comparingLong((WorkerInfo w) -> lastLaunch.getOrDefault(w.id(), 0L)))
        .toList();
    new SlotAssigner(settings, byLastLaunch, activeJobs(), rackOfHost, this::launch)
        .assign(order, clock.getAsLong());
  }

  private void launch(JobInProgress job, TaskInProgress t, WorkerInfo w, long now, boolean speculative,
      Locality locality) {
    Attempt a = t.newAttempt(w, now, speculative);
    lastLaunch.put(w.id(), ++launchSequence);
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
    LOG.info("{} launched on {}{}{}", a.id, w.id(), locality == null ? "" : " (" + locality + ")",
        speculative ? " as a speculative attempt" : "");
    JobSpec spec = job.spec;
    send(new Command.Launch(w.id(), w.endpoint(), new TaskLaunch(epoch, spec.jobId(), a.id.toString(),
        t.id.getTaskType().kind(), t.id.getId(), t.split, job.maps.size(), job.reduces.size(),
        spec.confXml(), spec.jarPath(), spec.user(), t.isCleanup() ? job.cleanupFor : null)));
  }

  /**
   * Launches the job's pending cleanup attempt: on the worker of the job's last finished task,
   * whose child JVM of the job is warm, else on the worker given work least recently; avoiding
   * workers it failed on and workers the job blacklisted where it can. Takes no slot (the job's
   * tasks are done, or killed): false when no worker is live, and the next schedule tries again.
   */
  private boolean launchCleanup(JobInProgress job) {
    TaskInProgress t = job.cleanup;
    if (t == null || !t.isPending() || workers.isEmpty()) {
      return false;
    }
    java.util.function.Predicate<WorkerInfo> avoided = w -> t.failedOn.contains(w.id())
        || job.isBlacklisted(w, settings.maxWorkerFailuresPerJob(), workers.values());
    WorkerInfo warm = job.lastSuccessWorker == null ? null : workers.get(job.lastSuccessWorker);
    WorkerInfo chosen = warm != null && !avoided.test(warm) ? warm : workers.values().stream()
        .min(Comparator.comparing((WorkerInfo w) -> avoided.test(w))
            .thenComparingLong(w -> lastLaunch.getOrDefault(w.id(), 0L)))
        .orElseThrow();
    launch(job, t, chosen, clock.getAsLong(), false, null);
    return true;
  }

  // ---- state changes ----

  private void attemptEnded(String attemptId, TaskState how, String diagnostics) {
    Attempt a = attempt(attemptId);
    if (a == null || !a.isRunning()) {
      return;
    }
    JobInProgress job = jobs.get(a.id.getJobID().toString());
    TaskInProgress t = task(attemptId);
    endAttempt(job, t, a, how, diagnostics);
    schedule();
  }

  private void endAttempt(JobInProgress job, TaskInProgress t, Attempt a, TaskState how, String diagnostics) {
    a.state = how;
    if (attemptId(a).equals(t.commitGrantedTo)) {
      t.commitGrantedTo = null;
    }
    if (t.isCleanup()) {
      cleanupEnded(job, t, a, how, diagnostics);
      return;
    }
    boolean map = t.isMap();
    if (how == TaskState.FAILED) {
      t.failures++;
      t.failedOn.add(a.worker.id());
      job.failuresByWorker.merge(a.worker.id(), 1, Integer::sum);
      job.count(map ? JobCounter.NUM_FAILED_MAPS : JobCounter.NUM_FAILED_REDUCES);
      t.diagnostics.add(a.id + " on " + a.worker.id() + ": " + firstLines(diagnostics));
      LOG.info("{} FAILED on {} ({} of {} attempts): {}", a.id, a.worker.id(), t.failures,
          job.maxAttempts(map), firstLines(diagnostics));
      if (job.isBlacklisted(a.worker, settings.maxWorkerFailuresPerJob(), workers.values())) {
        LOG.info("{} blacklisted worker {} after {} failures", job.id, a.worker.id(),
            job.failuresByWorker.get(a.worker.id()));
      }
      if (t.failures >= job.maxAttempts(map) && t.succeeded == null && !job.state.isTerminal()) {
        failTask(job, t);
      }
    } else {
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
      t.failedForGood = true;
      cleanUpWorkers(job);
      return;
    }
    if (how != TaskState.FAILED) {
      LOG.info("{} KILLED on {} while committing the job's output: {}; committing again", a.id, a.worker.id(),
          diagnostics);
      return;
    }
    t.failures++;
    t.failedOn.add(a.worker.id());
    t.diagnostics.add(a.id + " on " + a.worker.id() + ": " + firstLines(diagnostics));
    LOG.info("{} FAILED on {} committing the job's output ({} of {} attempts): {}", a.id, a.worker.id(), t.failures,
        job.maxAttempts(false), firstLines(diagnostics));
    if (t.failures >= job.maxAttempts(false)) {
      t.failedForGood = true;
      job.committing = false;
      endJob(job, JobState.FAILED, "job commit failed: " + firstLines(diagnostics));
    }
  }

  private void failTask(JobInProgress job, TaskInProgress t) {
    t.failedForGood = true;
    String last = t.diagnostics.isEmpty() ? "" : t.diagnostics.get(t.diagnostics.size() - 1);
    endJob(job, JobState.FAILED, "task " + t.id + " failed " + t.failures + " times; last: " + last);
  }

  private void invalidateMapOutput(JobInProgress job, TaskInProgress t, TaskState how) {
    Attempt done = t.succeeded;
    done.state = how;
    t.succeeded = null;
    t.commitGrantedTo = null;
    job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), done.id.toString(),
        done.shuffleEndpoint, true));
  }

  private void startCommit(JobInProgress job) {
    job.committing = true;
    job.startCleanup(JobState.SUCCEEDED);
    LOG.info("{} all tasks done; committing its output in a cleanup task", job.id);
    launchCleanup(job);
  }

  private void endJob(JobInProgress job, JobState state, String reason) {
    job.state = state;
    job.failureReason = reason;
    job.committing = false;
    job.finishMillis = clock.getAsLong();
    LOG.info("{} {}{}", job.id, state, reason == null ? "" : ": " + reason);
    for (TaskInProgress t : job.allTasks()) {
      for (Attempt a : t.attempts) {
        if (a.isRunning()) {
          send(new Command.Kill(a.worker.id(), a.worker.endpoint(), a.id.toString()));
          a.state = TaskState.KILLED;
        }
      }
    }
    send(new Command.JobEnded(job.spec.jobId()));
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
      WorkerInfo w = workers.get(id);
      if (w != null) {
        used.add(w);
      }
    }
    send(new Command.CleanupJob(job.spec.jobId(), used));
  }

  /** What the master keeps of an attempt's status line: user code writes it, the master's heap holds it. */
  static final int MAX_STATUS_CHARS = 1_000;
  /** Counters an attempt may report (Hadoop's mapreduce.job.counters.max is 120; Quern's own take ~40). */
  static final int MAX_COUNTERS = 500;

  private static String bounded(String status) {
    if (status == null) {
      return "";
    }
    return status.length() <= MAX_STATUS_CHARS ? status : status.substring(0, MAX_STATUS_CHARS) + "...";
  }

  /**
   * An attempt reporting more counters than the master keeps is failed (as Hadoop fails a job
   * over its counter limit), not stored: user code must not fill the master's heap.
   */
  private boolean countersWithinBounds(Attempt a, CountersSnapshot counters) {
    if (counters == null || counters.size() <= MAX_COUNTERS) {
      return true;
    }
    JobInProgress job = jobs.get(a.id.getJobID().toString());
    TaskInProgress t = task(a.id.toString());
    send(new Command.Kill(a.worker.id(), a.worker.endpoint(), a.id.toString()));
    endAttempt(job, t, a, TaskState.FAILED, "the attempt reported " + counters.size() + " counters, more than the "
        + MAX_COUNTERS + " a job may have");
    schedule();
    return false;
  }

  // ---- lookups ----

  private void send(Command c) {
    outbox.add(c);
  }

  private void checkEpoch(long got) throws StaleEpochException {
    if (got != epoch) {
      throw new StaleEpochException(got, epoch);
    }
  }

  private JobInProgress job(String jobId) throws UnknownJobException {
    JobInProgress job = jobs.get(jobId);
    if (job == null) {
      throw new UnknownJobException(jobId);
    }
    return job;
  }

  private List<JobInProgress> activeJobs() {
    return jobs.values().stream().filter(j -> !j.state.isTerminal()).toList();
  }

  /** Running jobs, and ended jobs whose abort attempt still runs. */
  private List<JobInProgress> jobsWithAttempts() {
    return jobs.values().stream().filter(j -> !j.state.isTerminal() || j.workersCleanupPending).toList();
  }


  private TaskInProgress task(String attemptId) {
    TaskAttemptID id = TaskAttemptID.forName(attemptId);
    JobInProgress job = jobs.get(id.getJobID().toString());
    return job == null ? null : job.task(id.getTaskID());
  }

  private Attempt attempt(String attemptId) {
    try {
      TaskInProgress t = task(attemptId);
      return t == null ? null : t.attempt(TaskAttemptID.forName(attemptId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String attemptId(Attempt a) {
    return a.id.toString();
  }

  /** A positive integer the job sets for itself in its configuration, else the master's value. */
  /** The job's own settings, or null when it sent none. */
  private static io.quern.conf.Configuration jobConf(JobSpec spec) {
    if (spec.confXml() == null || spec.confXml().length == 0) {
      return null;
    }
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    conf.addResource(new java.io.ByteArrayInputStream(spec.confXml()), spec.jobId() + " job.xml");
    return conf;
  }

  private static int jobSetting(io.quern.conf.Configuration jobConf, String key, int masterValue) {
    if (jobConf == null) {
      return masterValue;
    }
    int v = jobConf.getInt(key, masterValue);
    return v >= 1 ? v : masterValue;
  }

  private static String firstLines(String text) {
    if (text == null) {
      return "";
    }
    String[] lines = text.strip().split("\n", 4);
    return String.join(" | ", java.util.Arrays.asList(lines).subList(0, Math.min(3, lines.length))).strip();
  }
}
