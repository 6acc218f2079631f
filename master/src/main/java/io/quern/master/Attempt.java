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
  TaskState state = TaskState.RUNNING;
  float progress;
  String status = "";
  CountersSnapshot counters = CountersSnapshot.EMPTY;
  String shuffleEndpoint;
  int fetchFailures;
  /** When the attempt ended (0 while it runs), and why when it did not succeed: for the status pages. */
  long finishMillis;
  String diagnostic;
  /** When the master last heard of the attempt (launch or report). */
  long lastReportMillis;

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
}
