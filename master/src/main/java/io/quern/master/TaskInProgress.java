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
 * attempt nor a success; it fails once it has failed {@code maxAttempts} times.
 */
final class TaskInProgress {
  final TaskID id;
  final SplitInfo split;
  final List<Attempt> attempts = new ArrayList<>();
  /** Workers where an attempt failed: a retry goes elsewhere when it can. */
  final Set<String> failedOn = new HashSet<>();
  final List<String> diagnostics = new ArrayList<>();
  Attempt succeeded;
  /**
   * The finished attempt of an earlier leader this one took over (numbered outside this
   * epoch's range, so kept apart from {@link #attempts}); null when none.
   */
  Attempt recovered;
  int failures;
  Attempt commitGrantedTo;
  boolean failedForGood;

  /**
   * Attempt numbers start here: a leader of a later epoch numbers its attempts apart from
   * those an earlier leader may have left running, so ids never repeat across a failover.
   */
  private final int attemptBase;

  TaskInProgress(TaskID id, SplitInfo split, int attemptBase) {
    this.id = id;
    this.split = split;
    this.attemptBase = attemptBase;
  }

  boolean isMap() {
    return id.isMap();
  }

  /** The job's cleanup task (commit or abort), not a map or reduce. */
  boolean isCleanup() {
    return id.getTaskType() == io.quern.mapreduce.TaskType.JOB_CLEANUP;
  }

  boolean isComplete() {
    return succeeded != null;
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
        p = Math.max(p, a.progress);
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
      ids.add(recovered.id + " " + recovered.state + " on " + recovered.worker.id() + " (earlier master)");
    }
    for (Attempt a : attempts) {
      ids.add(a.id + " " + a.state + " on " + a.worker.id());
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
