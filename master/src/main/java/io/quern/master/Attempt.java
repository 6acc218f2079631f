package io.quern.master;

import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskState;

/** One attempt of a task. Owned by the {@link JobTracker}'s thread, like all its tables. */
final class Attempt {
  final TaskAttemptID id;
  final WorkerInfo worker;
  final long startMillis;
  final boolean speculative;
  TaskState state = TaskState.RUNNING;
  float progress;
  String status = "";
  CountersSnapshot counters = CountersSnapshot.EMPTY;
  String shuffleEndpoint;
  int fetchFailures;
  /** When the master last heard of the attempt (launch or report). */
  long lastReportMillis;

  Attempt(TaskAttemptID id, WorkerInfo worker, long startMillis, boolean speculative) {
    this.id = id;
    this.worker = worker;
    this.startMillis = startMillis;
    this.speculative = speculative;
    this.lastReportMillis = startMillis;
  }

  boolean isRunning() {
    return state == TaskState.RUNNING;
  }
}
