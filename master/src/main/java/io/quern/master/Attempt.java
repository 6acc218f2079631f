package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskState;

/** One attempt of a task. Owned by the {@link JobTracker}'s thread, like all its tables. */
final class Attempt {
  final TaskAttemptID id;
  /** The task this is an attempt of: found with the attempt, never looked up again by id. */
  final TaskInProgress task;
  final WorkerInfo worker;
  final long startMillis;
  /** Changed through {@link #end} once the attempt ran: the worker's running count follows it. */
  TaskState state = TaskState.RUNNING;
  /** The count that holds this attempt while it runs; null for cleanup and recovered attempts. */
  RunningAttempts runningIndex;
  float progress;
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

  boolean isRunning() {
    return state == TaskState.RUNNING;
  }

  /** The attempt's state is {@code how} now; leaving the running state frees its worker's slot. */
  void end(TaskState how) {
    boolean wasRunning = isRunning();
    state = how;
    if (wasRunning && !isRunning() && runningIndex != null) {
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
