package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskState;

/**
 * One attempt of a task. Owned by the {@link JobTracker}'s thread, like all its tables. Its
 * state moves only through the transitions below, each of which checks where it comes from:
 * RUNNING to SUCCEEDED ({@link #succeed}), RUNNING to FAILED or KILLED ({@link #end}), and
 * SUCCEEDED to FAILED or KILLED when its map output is lost ({@link #loseOutput}); an attempt
 * of an earlier leader starts SUCCEEDED ({@link #finished}).
 */
final class Attempt {
  /** Immutable. */
  final TaskAttemptID id;
  /** The task this is an attempt of: found with the attempt, never looked up again by id. Owned by the master's loop thread. */
  final TaskInProgress task;
  /** Immutable. */
  final WorkerInfo worker;
  final long startMillis;
  // Every field below: owned by the master's loop thread (the tracker's), like the tables.
  /** Changed only by the transitions: the worker's running count follows it. */
  private TaskState state = TaskState.RUNNING;
  /** The index that holds this attempt while it runs; null for recovered attempts and once it ended. */
  RunningAttempts runningIndex;
  /** Its worker in the pool when it was launched, whose slot it holds while it runs; null for recovered attempts. */
  WorkerPool.Member member;
  /** Changed through {@link #progress(float)} and the transitions: the task's share of its job's totals follows it. */
  private float progress;
  String status = "";
  CountersSnapshot counters = CountersSnapshot.EMPTY;
  String shuffleEndpoint;
  int fetchFailures;
  /** When the attempt ended (0 while it runs), and why when it did not succeed: for the status pages. */
  long finishMillis;
  String diagnostic;
  /** How close to its split's data a map attempt was placed; null for reduces, cleanups and unknown. */
  Locality locality;
  /** When the master last heard of the attempt (launch or report). */
  long lastReportMillis;
  /** The worker's GPUs the attempt holds: given at launch, free again per {@link #holdsGpus}. */
  java.util.List<String> gpus = java.util.List.of();
  /** When the master told the worker to kill the attempt; -1 if it never did. */
  long killSentMillis = -1;
  /** Whether the worker reported the attempt's end (done, failed, or killed with its processes gone). */
  boolean endReported;

  Attempt(TaskAttemptID id, TaskInProgress task, WorkerInfo worker, long startMillis) {
    this.id = id;
    this.task = task;
    this.worker = worker;
    this.startMillis = startMillis;
    this.lastReportMillis = startMillis;
  }

  /** An attempt an earlier leader recorded as finished: it starts SUCCEEDED, and holds no slot. */
  static Attempt finished(TaskAttemptID id, TaskInProgress task, WorkerInfo worker, long startMillis,
      long finishMillis, String status) {
    Attempt a = new Attempt(id, task, worker, startMillis);
    a.state = TaskState.SUCCEEDED;
    a.progress = 1f;
    a.status = status;
    a.finishMillis = finishMillis;
    return a;
  }

  TaskState state() {
    return state;
  }

  float progress() {
    return progress;
  }

  /** The attempt reported its progress (clamped to [0, 1]). */
  void progress(float reported) {
    float p = Math.max(0f, Math.min(1f, reported));
    if (p != progress) {
      progress = p;
      task.changed();
    }
  }

  boolean isRunning() {
    return state == TaskState.RUNNING;
  }

  /** The running attempt succeeded. */
  void succeed(long now) {
    leaveRunning(TaskState.SUCCEEDED);
    finishMillis = now;
    progress = 1f;
    task.changed();
  }

  /** The running attempt failed or was killed ({@code how}), for {@code why} (shown on the status pages). */
  void end(TaskState how, long now, String why) {
    if (how != TaskState.FAILED && how != TaskState.KILLED) {
      throw new IllegalArgumentException(id + " cannot end as " + how + ": only FAILED or KILLED");
    }
    leaveRunning(how);
    finishMillis = now;
    diagnostic = why;
    task.changed();
  }

  /** The output of this succeeded map is lost (with its worker, or unfetchable): the attempt counts as {@code how}. */
  void loseOutput(TaskState how) {
    if (state != TaskState.SUCCEEDED || (how != TaskState.FAILED && how != TaskState.KILLED)) {
      throw new IllegalStateException(id + " is " + state + ": its output cannot be lost as " + how);
    }
    state = how;
    task.changed();
  }

  /** Leaving the running state frees the attempt's slot on its worker. */
  private void leaveRunning(TaskState to) {
    if (state != TaskState.RUNNING) {
      throw new IllegalStateException(id + " is " + state + ", not running: it cannot become " + to);
    }
    state = to;
    if (runningIndex != null) {
      runningIndex.ended(this);
      runningIndex = null;
    }
  }

  /**
   * Whether the attempt still holds its GPUs: while it runs, and after the master killed it
   * until its worker reports that its processes are gone (at most {@code confirmMillis}, for a
   * report that never comes). An attempt ended by its worker's report, or with its worker lost,
   * holds none.
   */
  boolean holdsGpus(long now, long confirmMillis) {
    if (gpus.isEmpty()) {
      return false;
    }
    return isRunning() || (killSentMillis >= 0 && !endReported && now - killSentMillis < confirmMillis);
  }
}
