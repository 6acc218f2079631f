package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;

/**
 * What a new leader needs to know of a finished task so that it does not run it again: the
 * attempt that finished, the worker that holds its output (maps), and where reducers fetch it;
 * and, so that the job's counters and history stay whole across a failover, when the attempt
 * ran, how local it was and its counters. The job store writes them with {@link TaskRecordCodec}.
 */
record TaskRecord(String taskId, String attemptId, String workerId, String shuffleEndpoint, long startMillis,
    long finishMillis, String locality, CountersSnapshot counters) {
  TaskRecord {
    counters = counters == null ? CountersSnapshot.EMPTY : counters;
  }

  /** The record of a task whose attempt {@code a} succeeded. */
  static TaskRecord of(io.quern.mapreduce.TaskID taskId, Attempt a) {
    return new TaskRecord(taskId.toString(), a.id.toString(), a.worker.id(), a.shuffleEndpoint, a.startMillis, a.finishMillis,
        a.locality == null ? null : a.locality.name(), a.counters);
  }

  /** A record as masters before times and counters wrote them. */
  TaskRecord(String taskId, String attemptId, String workerId, String shuffleEndpoint) {
    this(taskId, attemptId, workerId, shuffleEndpoint, 0, 0, null, CountersSnapshot.EMPTY);
  }
}
