package io.quern.mapreduce.spi;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import java.io.IOException;
import java.util.List;

/** A submitted job as its client follows it, whether it runs locally or on the cluster. */
public interface RunningJob {
  String jobId();

  JobStatusReport status() throws IOException;

  CountersSnapshot counters() throws IOException;

  List<TaskReport> taskReports() throws IOException;

  /** Up to {@code max} events of ended attempts, numbered from {@code from} on; see {@link TaskCompletionEvent}. */
  List<TaskCompletionEvent> taskCompletionEvents(int from, int max) throws IOException;

  void kill() throws IOException;
}
