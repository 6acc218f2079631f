package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskState;

/** One attempt of a task. Owned by the {@link JobTracker}'s thread, like all its tables. */
final class Attempt {
  final TaskAttemptID id;
  final WorkerInfo worker;
  final long startMillis;
  TaskState state = TaskState.RUNNING;
  float progress;
  String status = "";
  CountersSnapshot counters = CountersSnapshot.EMPTY;
  String shuffleEndpoint;
  int fetchFailures;
  /** When the master last heard of the attempt (launch or report). */
  long lastReportMillis;

  Attempt(TaskAttemptID id, WorkerInfo worker, long startMillis) {
    this.id = id;
    this.worker = worker;
    this.startMillis = startMillis;
    this.lastReportMillis = startMillis;
  }

  boolean isRunning() {
    return state == TaskState.RUNNING;
  }
}
