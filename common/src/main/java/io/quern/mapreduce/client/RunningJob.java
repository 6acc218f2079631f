package io.quern.mapreduce.client;

import io.quern.protocol.CountersSnapshot;
import io.quern.protocol.JobStatusReport;
import io.quern.protocol.TaskReport;
import java.io.IOException;
import java.util.List;

/** A submitted job as its client follows it, whether it runs locally or on the cluster. */
public interface RunningJob {
  String jobId();

  JobStatusReport status() throws IOException;

  CountersSnapshot counters() throws IOException;

  List<TaskReport> taskReports() throws IOException;

  void kill() throws IOException;
}
