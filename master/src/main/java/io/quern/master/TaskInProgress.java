package io.quern.master;

import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A map or reduce task and its attempts. A task is pending while it has neither a running
 * attempt nor a success; it fails once it has failed {@code maxAttempts} times. Its success,
 * failures and commit grant change only through the methods below, which check the state they
 * leave (the job's counts follow through {@link JobInProgress#succeeded} and {@link
 * JobInProgress#clearSuccess}, its totals through {@link #changed}).
 *
 * <p>Confined to the master's loop thread, like every table the {@link JobTracker} reaches: no
 * field here is guarded, and none needs to be.
 */
final class TaskInProgress {
  /** Immutable. */
  final TaskID id;
  /** Immutable (never written: its bytes go out with each launch as they came). */
  final SplitInfo split;
  // Every field below: owned by the master's loop thread (the tracker's), like the tables.
  final List<Attempt> attempts = new ArrayList<>();
  /** Workers where an attempt failed: a retry goes elsewhere when it can. */
  final Set<String> failedOn = new HashSet<>();
  final List<String> diagnostics = new ArrayList<>();
  private Attempt succeeded;
  /**
   * The finished attempt of an earlier leader this one took over (numbered outside this
   * epoch's range, so kept apart from {@link #attempts}); null when none.
   */
  Attempt recovered;
  private int failures;
  private Attempt commitGrantedTo;
  private boolean failedForGood;

  /**
   * Attempt numbers start here: a leader of a later epoch numbers its attempts apart from
   * those an earlier leader may have left running, so ids never repeat across a failover.
   */
  private final int attemptBase;

  /** The job's totals this task counts in; null for the cleanup task, which counts in none. */
  private final JobProgress totals;
  /** What the task counts for in {@link #totals} now. */
  private JobProgress.Share share = JobProgress.Share.PENDING;

  /** @param totals the job's totals, which the task joins as pending; null for the cleanup task */
  TaskInProgress(TaskID id, SplitInfo split, int attemptBase, JobProgress totals) {
    this.id = id;
    this.split = split;
    this.attemptBase = attemptBase;
    this.totals = totals;
    if (totals != null) {
      totals.added(isMap());
    }
  }

  /**
   * The task or one of its attempts changed (state, progress): its share of the job's totals
   * follows. Called by every transition that can move it, so the totals never need a walk.
   */
  void changed() {
    if (totals == null) {
      return;
    }
    int running = runningAttempts();
    JobProgress.Share now = new JobProgress.Share(JobProgress.Share.units(failedForGood ? 1f : progress()),
        succeeded == null && running > 0, running, state());
    if (!now.equals(share)) {
      totals.moved(isMap(), share, now);
      share = now;
    }
  }

  boolean isMap() {
    return id.isMap();
  }

  /** The job's cleanup task (commit or abort), not a map or reduce. */
  boolean isCleanup() {
    return id.getTaskType() == io.quern.mapreduce.TaskType.JOB_CLEANUP;
  }

  /** The attempt whose output the task's is, or null. */
  Attempt succeeded() {
    return succeeded;
  }

  int failures() {
    return failures;
  }

  boolean failedForGood() {
    return failedForGood;
  }

  /** The task is done with {@code a}'s output. Through {@link JobInProgress#succeeded}, which counts it. */
  void succeededWith(Attempt a) {
    if (succeeded != null) {
      throw new IllegalStateException(id + " already succeeded with " + succeeded.id + "; " + a.id + " cannot succeed too");
    }
    succeeded = a;
    changed();
  }

  /** The task's output is lost: it is to run again. Through {@link JobInProgress#clearSuccess}. */
  void clearSuccess() {
    if (succeeded == null) {
      throw new IllegalStateException(id + " has no success to clear");
    }
    succeeded = null;
    commitGrantedTo = null;
    changed();
  }

  /** An attempt failed on its worker: counted, and a retry goes elsewhere when it can. */
  void attemptFailed(Attempt a, String why) {
    failures++;
    failedOn.add(a.worker.id());
    diagnostics.add(a.id + " on " + a.worker.id() + ": " + why);
  }

  /** Reducers could not fetch the output of the task's attempt {@code a}: counted as a failure of the task. */
  void outputUnfetchable(Attempt a) {
    failures++;
    diagnostics.add(a.id + ": output unfetchable by reducers");
  }

  /** The task used its attempts (or its commit failed): it runs no more, and has no output. */
  void failForGood() {
    if (failedForGood || succeeded != null) {
      throw new IllegalStateException(id + " is " + state() + ": it cannot fail for good");
    }
    failedForGood = true;
    changed();
  }

  /** The job's cleanup task is to run again for another end: its earlier failures no longer count. */
  void rearm() {
    if (!isCleanup()) {
      throw new IllegalStateException(id + " is not a cleanup task: only those run again");
    }
    failedForGood = false;
    failures = 0;
    failedOn.clear();
  }

  /**
   * Grants the commit of the task's output to the first running attempt that asks, and to no
   * other while it runs: whether {@code a} may commit.
   */
  boolean grantCommit(Attempt a) {
    if (!a.isRunning()) {
      return false;
    }
    if (commitGrantedTo == null) {
      commitGrantedTo = a;
    }
    return commitGrantedTo == a;
  }

  /** The attempt ended without success: a grant it held goes to the next that asks. */
  void attemptEnded(Attempt a) {
    if (commitGrantedTo == a) {
      commitGrantedTo = null;
    }
  }

  int runningAttempts() {
    int n = 0;
    for (Attempt a : attempts) {
      if (a.isRunning()) {
        n++;
      }
    }
    return n;
  }

  boolean isPending() {
    return !failedForGood && succeeded == null && runningAttempts() == 0;
  }

  boolean isRunning() {
    return succeeded == null && runningAttempts() > 0;
  }

  Attempt newAttempt(WorkerInfo worker, long now) {
    Attempt a = new Attempt(new TaskAttemptID(id, attemptBase + attempts.size()), this, worker, now);
    attempts.add(a);
    changed();
    return a;
  }

  Attempt attempt(TaskAttemptID attemptId) {
    if (recovered != null && recovered.id.equals(attemptId)) {
      return recovered;
    }
    int n = attemptId.getId() - attemptBase;
    return n >= 0 && n < attempts.size() ? attempts.get(n) : null;
  }

  /** Progress of the task: 1 when done, else its most advanced running attempt. */
  float progress() {
    if (succeeded != null) {
      return 1f;
    }
    float p = 0;
    for (Attempt a : attempts) {
      if (a.isRunning()) {
        p = Math.max(p, a.progress());
      }
    }
    return p;
  }

  long runningSince() {
    long since = Long.MAX_VALUE;
    for (Attempt a : attempts) {
      if (a.isRunning()) {
        since = Math.min(since, a.startMillis);
      }
    }
    return since;
  }

  boolean runsOn(String workerId) {
    for (Attempt a : attempts) {
      if (a.isRunning() && a.worker.id().equals(workerId)) {
        return true;
      }
    }
    return false;
  }

  TaskState state() {
    if (succeeded != null) {
      return TaskState.SUCCEEDED;
    }
    if (failedForGood) {
      return TaskState.FAILED;
    }
    return runningAttempts() > 0 ? TaskState.RUNNING : TaskState.PENDING;
  }

  TaskReport report() {
    List<String> ids = new ArrayList<>();
    String status = "";
    if (recovered != null) {
      ids.add(recovered.id + " " + recovered.state() + " on " + recovered.worker.id() + " (earlier master)");
    }
    for (Attempt a : attempts) {
      ids.add(a.id + " " + a.state() + " on " + a.worker.id());
      if (a.isRunning() || a == succeeded) {
        status = a.status;
      }
    }
    return new TaskReport(id.toString(), id.getTaskType().kind(), state(), progress(), status, ids,
        succeeded == null ? null : succeeded.id.toString(), diagnostics);
  }

  /** Whether a retry of this task may go to the worker: not where it failed, unless nowhere else is. */
  boolean mayRunOn(WorkerInfo w, int liveWorkers) {
    return !failedOn.contains(w.id()) || failedOn.size() >= liveWorkers;
  }
}
