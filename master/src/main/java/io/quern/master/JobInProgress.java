package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.MapOutputEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job's tables: its tasks, the map output events reducers follow, per-worker failure
 * counts, and the choice of its next task for a free slot (locality with delay scheduling).
 * Confined to the master's loop thread (the {@link JobTracker}'s), like all its tables: no field
 * here is guarded, and none needs to be.
 */
final class JobInProgress {
  final JobID id;
  final JobSpec spec;
  /**
   * The job's configuration in {@code Configuration.write}'s form, as every launch carries it;
   * null when the job sent none. Made once as the master takes the job, from the spec's XML,
   * which stays what the job store keeps.
   */
  final byte[] jobConf;
  final long sequence;
  final long submitMillis;
  final List<TaskInProgress> maps = new ArrayList<>();
  final List<TaskInProgress> reduces = new ArrayList<>();
  final List<MapOutputEvent> mapEvents = new ArrayList<>();
  /** The ends of the job's map and reduce attempts, numbered in order, for clients that follow the job. */
  final List<io.quern.mapreduce.TaskCompletionEvent> completionEvents = new ArrayList<>();
  final Map<String, Integer> failuresByWorker = new HashMap<>();
  /** Workers that ran any attempt of the job: they get the cleanup command at its end. */
  final Set<String> workersUsed = new HashSet<>();
  final Map<String, Long> jobCounters = new TreeMap<>();
  /** Progress, running and state counts of the maps and reduces, kept as they change: what a status report reads. */
  final JobProgress totals = new JobProgress();
  JobState state = JobState.RUNNING;
  boolean committing;
  long finishMillis;
  String failureReason;
  /** Since when the job has passed up slots for want of a node-local map; -1 while it has not. */
  long localityWaitSince = -1;
  /**
   * The job-cleanup task, made when the job's end is known: it runs the job's output committer
   * in a task JVM, to commit (all tasks succeeded) or abort (the job failed or was killed).
   */
  TaskInProgress cleanup;
  /** How the job ends, as its cleanup task is told; null before. */
  JobState cleanupFor;
  /**
   * An abort attempt is running in the job's child on some worker: the workers are told to
   * drop the job's child and files only once it has ended.
   */
  boolean workersCleanupPending;
  /** The worker of the job's last task to succeed, whose child of the job is likely still up; null before. */
  String lastSuccessWorker;
  private final int attemptBase;

  /** GPUs each map and each reduce needs ({@code mapreduce.map.gpus}, {@code mapreduce.reduce.gpus}). */
  int mapGpus;
  int reduceGpus;

  /** Attempts of a map and of a reduce before the job fails: the job's own setting, else the master's. */
  final int maxMapAttempts;
  final int maxReduceAttempts;

  /**
   * @param id the job's id, parsed from its spec's
   * @param jobConf the job's configuration in binary form, null when it sent none
   */
  JobInProgress(JobID id, JobSpec spec, byte[] jobConf, long sequence, long now, int maxMapAttempts,
      int maxReduceAttempts, int attemptBase) {
    this.jobConf = jobConf;
    this.maxMapAttempts = maxMapAttempts;
    this.maxReduceAttempts = maxReduceAttempts;
    this.attemptBase = attemptBase;
    this.id = id;
    this.spec = spec;
    this.sequence = sequence;
    this.submitMillis = now;
    for (SplitInfo s : spec.splits()) {
      maps.add(new TaskInProgress(new TaskID(id, TaskType.MAP, s.index()), s, attemptBase, totals));
    }
    for (int r = 0; r < spec.numReduces(); r++) {
      reduces.add(new TaskInProgress(new TaskID(id, TaskType.REDUCE, r), null, attemptBase, totals));
    }
  }

  /** The job's own say on backup attempts (Job.setSpeculativeExecution); the master's setting must allow them too. */
  private boolean speculativeMaps = true;
  private boolean speculativeReduces = true;

  /**
   * Percent of the maps (reduces) that may fail for good while the job goes on without them
   * ({@code mapreduce.map.failures.maxpercent}); 0 fails the job on the first.
   */
  int mapFailuresMaxPercent;
  int reduceFailuresMaxPercent;
  /**
   * Share of the maps done before the job's reduces may start: the job's own setting, as in
   * Hadoop, where a sort may start its reduces early and a job of many waves late; else the
   * master's ({@code mapred.reduce.slowstart.completed.maps}). Negative until set.
   */
  float reduceSlowStart = -1;
  /** Tasks that failed for good within that allowance, in the order they failed. */
  final List<TaskInProgress> toleratedFailures = new ArrayList<>();
  private int toleratedMaps;
  private int toleratedReduces;

  /**
   * How long the job's attempts may report nothing before the master fails them: the job's own
   * task timeout when it sets one, else the master's silence timeout; Long.MAX_VALUE for never.
   */
  long silenceMillis = Long.MAX_VALUE;
  /** Names the job's timeout for the failure sentence; null when the master's own applies. */
  String silenceKey;

  /** Whether one more task of the kind may fail for good within the job's allowance (as Hadoop counts: failed * 100 <= percent * tasks). */
  boolean toleratesOneMoreFailure(boolean map) {
    int failed = (map ? toleratedMaps : toleratedReduces) + 1;
    int percent = map ? mapFailuresMaxPercent : reduceFailuresMaxPercent;
    return (long) failed * 100 <= (long) percent * tasks(map).size();
  }

  /** The task failed for good and the job goes on without it. */
  void tolerateFailure(TaskInProgress t) {
    if (t.isMap()) {
      toleratedMaps++;
    } else {
      toleratedReduces++;
    }
    toleratedFailures.add(t);
    count(t.isMap() ? JobCounter.TOLERATED_FAILED_MAPS : JobCounter.TOLERATED_FAILED_REDUCES);
  }

  int tolerated(boolean map) {
    return map ? toleratedMaps : toleratedReduces;
  }

  /** Tasks of the kind that are over: succeeded, or failed for good within the allowance. */
  int done(boolean map) {
    return completed(map) + tolerated(map);
  }

  void allowSpeculation(boolean maps, boolean reduces) {
    speculativeMaps = maps;
    speculativeReduces = reduces;
  }

  int maxAttempts(boolean map) {
    return map ? maxMapAttempts : maxReduceAttempts;
  }

  int gpus(boolean map) {
    return map ? mapGpus : reduceGpus;
  }

  /** Records that a map or reduce attempt ended ({@code status}); the cleanup task's attempts are not events. */
  void attemptEvent(Attempt a, io.quern.mapreduce.TaskCompletionEvent.Status status, long now) {
    if (a.task.isCleanup()) {
      return;
    }
    completionEvents.add(new io.quern.mapreduce.TaskCompletionEvent(completionEvents.size(), a.id.toString(),
        a.task.id.getId(), a.task.isMap(), status, a.worker.id(), a.worker.endpoint(),
        Math.max(0, now - a.startMillis)));
  }

  List<TaskInProgress> tasks(boolean map) {
    return map ? maps : reduces;
  }

  /**
   * Readies the cleanup task for the job's end {@code end}: one task per job, whose attempts
   * (a commit that failed or was killed, then an abort) keep numbering on.
   */
  TaskInProgress startCleanup(JobState end) {
    if (cleanup == null) {
      cleanup = new TaskInProgress(new TaskID(id, TaskType.JOB_CLEANUP, 0), null, attemptBase, null);
    }
    cleanupFor = end;
    cleanup.rearm();
    return cleanup;
  }

  /** The job's maps, reduces and cleanup task, as a view: the tick walks it, so nothing is copied. */
  Iterable<TaskInProgress> allTasks() {
    return () -> java.util.stream.Stream.of(maps.stream(), reduces.stream(),
        cleanup == null ? java.util.stream.Stream.<TaskInProgress>empty() : java.util.stream.Stream.of(cleanup))
        .flatMap(s -> s).iterator();
  }

  TaskInProgress task(TaskID taskId) {
    if (taskId.getTaskType() == TaskType.JOB_CLEANUP) {
      return taskId.getId() == 0 ? cleanup : null;
    }
    List<TaskInProgress> list = tasks(taskId.isMap());
    int i = taskId.getId();
    return i >= 0 && i < list.size() ? list.get(i) : null;
  }

  int completed(boolean map) {
    return map ? completedMaps : completedReduces;
  }

  /**
   * Maps and reduces with a success, kept as they change ({@link #succeeded}, {@link
   * #clearSuccess}): the scheduler asks on every pass, and a count over 100,000 tasks per ask
   * bounded the master.
   */
  private int completedMaps;
  private int completedReduces;
  /** No map before this index is pending: {@link #pickMap} starts here, not at the first map. */
  private int pendingMapsFrom;

  /** The task succeeded with attempt {@code a}. */
  void succeeded(TaskInProgress t, Attempt a) {
    t.succeededWith(a);
    if (!t.isCleanup()) {
      if (t.isMap()) {
        completedMaps++;
      } else {
        completedReduces++;
      }
    }
  }

  /** The task's success is void (its map output was lost): it is pending again. */
  void clearSuccess(TaskInProgress t) {
    t.clearSuccess();
    if (!t.isCleanup()) {
      if (t.isMap()) {
        completedMaps--;
      } else {
        completedReduces--;
      }
    }
    mayBePending(t);
  }

  /** An attempt of the task ended without success: the task may be pending again. */
  void mayBePending(TaskInProgress t) {
    if (t.isMap()) {
      pendingMapsFrom = Math.min(pendingMapsFrom, t.id.getId());
    }
  }

  boolean allComplete() {
    return done(true) == maps.size() && done(false) == reduces.size();
  }

  /**
   * Whether the job avoids a worker where it failed too often; never all live workers at
   * once, which would leave the job waiting forever.
   */
  boolean isBlacklisted(WorkerInfo w, int maxFailures, java.util.Collection<WorkerInfo> live) {
    if (failuresByWorker.getOrDefault(w.id(), 0) < maxFailures) {
      return false;
    }
    for (WorkerInfo other : live) {
      if (failuresByWorker.getOrDefault(other.id(), 0) < maxFailures) {
        return true;
      }
    }
    return false;
  }

  void count(JobCounter c) {
    jobCounters.merge(c.name(), 1L, Long::sum);
  }

  /** A pending map for the worker, honouring delay scheduling; null when the job passes. */
  Pick pickMap(WorkerInfo w, LiveWorkers live, long now, SchedulerSettings s) {
    TaskInProgress rackLocal = null;
    TaskInProgress offRack = null;
    boolean anyPending = false;
    int firstPending = -1;
    for (int i = pendingMapsFrom; i < maps.size(); i++) {
      TaskInProgress t = maps.get(i);
      if (!t.isPending()) {
        continue;
      }
      if (firstPending < 0) {
        firstPending = i;
        pendingMapsFrom = i;
      }
      if (!t.mayRunOn(w, live.count())) {
        continue;
      }
      anyPending = true;
      List<String> hosts = t.split.hosts();
      if (hosts.contains(w.host())) {
        localityWaitSince = -1;
        return new Pick(t, Locality.NODE);
      }
      boolean sameRack = false;
      boolean nodeReachable = false;
      boolean rackReachable = false;
      for (String h : hosts) {
        String rack = live.rackOf().apply(h);
        sameRack |= rack.equals(w.rack());
        nodeReachable |= live.hosts().contains(h);
        rackReachable |= live.racks().contains(rack);
      }
      // A retry runs at once wherever it may: its local worker may be the one it failed on.
      if (!t.failedOn.isEmpty()) {
        return new Pick(t, sameRack ? Locality.RACK : Locality.OFF_RACK);
      }
      if (sameRack && rackLocal == null) {
        rackLocal = t;
        // No live worker holds the data: waiting for node locality would be in vain.
        if (!nodeReachable) {
          return new Pick(t, Locality.RACK);
        }
      }
      if (!sameRack && offRack == null) {
        offRack = t;
        if (!nodeReachable && !rackReachable) {
          return new Pick(t, Locality.OFF_RACK);
        }
      }
    }
    if (firstPending < 0) {
      pendingMapsFrom = maps.size();
    }
    if (!anyPending) {
      return null;
    }
    if (localityWaitSince < 0) {
      localityWaitSince = now;
    }
    long waited = now - localityWaitSince;
    if (rackLocal != null && waited >= s.nodeLocalityWaitMillis()) {
      return new Pick(rackLocal, Locality.RACK);
    }
    if (offRack != null && waited >= s.nodeLocalityWaitMillis() + s.rackLocalityWaitMillis()) {
      return new Pick(offRack, Locality.OFF_RACK);
    }
    return null;
  }

  /**
   * Whether a reduce, or a backup of one, may start in a scheduling pass from now: not once all
   * its reduces are done, nor while it waits for its maps (slow start) with a reduce pending,
   * for no backup starts while a reduce is pending and no reduce starts before the maps are done.
   */
  boolean mayStartReduce(SchedulerSettings s) {
    if (done(false) == reduces.size()) {
      return false;
    }
    return done(true) >= mapsBeforeReduces(s) || totals.inState(false, io.quern.mapreduce.TaskState.PENDING) == 0;
  }

  private int mapsBeforeReduces(SchedulerSettings s) {
    float share = reduceSlowStart >= 0 ? reduceSlowStart : s.reduceSlowStart();
    return (int) Math.ceil(share * maps.size());
  }

  /** A pending reduce once enough maps are done (slow start); null otherwise. */
  TaskInProgress pickReduce(WorkerInfo w, LiveWorkers live, SchedulerSettings s) {
    if (done(true) < mapsBeforeReduces(s)) {
      return null;
    }
    for (TaskInProgress t : reduces) {
      if (t.isPending() && t.mayRunOn(w, live.count())) {
        return t;
      }
    }
    return null;
  }

  /**
   * The stragglers worth a backup attempt now, slowest first (in task order among equals): the
   * only attempt of a task that has run for the lag, while the kind has nothing pending, and whose
   * progress trails the average of its kind by the gap. A pass asks once per job and kind, not
   * once per worker: each ask walks all the job's tasks of the kind.
   */
  List<TaskInProgress> stragglers(boolean map, long now, SchedulerSettings s) {
    if (!s.speculative(map) || !(map ? speculativeMaps : speculativeReduces)) {
      return List.of();
    }
    if (totals.inState(map, io.quern.mapreduce.TaskState.PENDING) > 0) {
      return List.of();
    }
    List<TaskInProgress> list = tasks(map);
    float sum = 0;
    for (TaskInProgress t : list) {
      sum += t.progress();
    }
    float average = list.isEmpty() ? 0 : sum / list.size();
    List<TaskInProgress> out = new ArrayList<>();
    for (TaskInProgress t : list) {
      if (t.isRunning() && t.runningAttempts() == 1 && now - t.runningSince() >= s.speculativeLagMillis()
          && t.progress() < average - s.speculativeGap()) {
        out.add(t);
      }
    }
    out.sort(java.util.Comparator.comparingDouble(TaskInProgress::progress)); // stable: task order among equals
    return out;
  }

  /** Of {@link #stragglers}, the slowest that does not run on the worker already; null when none. */
  static TaskInProgress backupFor(List<TaskInProgress> stragglers, WorkerInfo w) {
    for (TaskInProgress t : stragglers) {
      if (!t.runsOn(w.id())) {
        return t;
      }
    }
    return null;
  }

  /** Mean progress of the kind's tasks, a task failed for good counting as done; from the totals, without a walk. */
  float progress(boolean map) {
    if (tasks(map).isEmpty()) {
      return state == JobState.SUCCEEDED || committing || done(true) == maps.size() ? 1f : 0f;
    }
    return totals.progress(map);
  }

  /** Counters of the successful attempts plus the job's own counters. */
  CountersSnapshot counters() {
    CountersSnapshot total = new CountersSnapshot(Map.of(JobCounter.class.getName(), jobCounters));
    for (List<TaskInProgress> list : List.of(maps, reduces)) {
      for (TaskInProgress t : list) {
        if (t.succeeded() != null) {
          total = total.plus(t.succeeded().counters);
        }
      }
    }
    return total;
  }

  /** @param note what holds the job up from outside, shown while it runs */
  JobStatusReport report(String note) {
    return new JobStatusReport(id.toString(), spec.name(), spec.user(), spec.priority(), state,
        progress(true), progress(false), maps.size(), completed(true), reduces.size(),
        completed(false), submitMillis, finishMillis, failureReason, joinNotes(toleratedNote(), state.isTerminal() ? null : note),
        totals.runningTasks(true), totals.runningTasks(false), (int) counted(JobCounter.NUM_FAILED_MAPS),
        (int) counted(JobCounter.NUM_FAILED_REDUCES));
  }

  /** Tasks named in the note at most: a sweep may tolerate thousands. */
  private static final int NOTE_TASKS = 5;

  /** The tasks the job went on without, for its status; null when none. */
  String toleratedNote() {
    if (toleratedFailures.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (boolean map : new boolean[] {true, false}) {
      if (tolerated(map) > 0) {
        b.append(b.length() == 0 ? "" : "; ").append(tolerated(map)).append(" of ").append(tasks(map).size())
            .append(map ? " maps" : " reduces").append(" failed for good, within ")
            .append(map ? io.quern.mapreduce.MRJobConfig.MAP_FAILURES_MAX_PERCENT
                : io.quern.mapreduce.MRJobConfig.REDUCE_FAILURES_MAX_PERCENT)
            .append('=').append(map ? mapFailuresMaxPercent : reduceFailuresMaxPercent);
      }
    }
    b.append(": the job goes on without the output of ");
    List<String> names = new ArrayList<>();
    for (TaskInProgress t : toleratedFailures.subList(0, Math.min(NOTE_TASKS, toleratedFailures.size()))) {
      names.add(t.id.toString());
    }
    b.append(String.join(", ", names));
    if (toleratedFailures.size() > NOTE_TASKS) {
      b.append(" and ").append(toleratedFailures.size() - NOTE_TASKS).append(" more");
    }
    return b.toString();
  }

  private static String joinNotes(String a, String b) {
    return a == null ? b : b == null ? a : a + "; " + b;
  }

  private long counted(JobCounter c) {
    return jobCounters.getOrDefault(c.name(), 0L);
  }

  record Pick(TaskInProgress task, Locality locality) {}
}
