package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The plain-text record of a finished job that {@code quern job -history} prints. */
final class JobHistory {
  private JobHistory() {}

  static String format(JobStatusReport s, CountersSnapshot counters, List<TaskReport> tasks) {
    StringBuilder b = new StringBuilder();
    b.append("Job: ").append(s.jobId()).append('\n');
    b.append("Name: ").append(s.name()).append('\n');
    b.append("User: ").append(s.user()).append('\n');
    b.append("State: ").append(s.state()).append('\n');
    b.append("Submitted: ").append(Instant.ofEpochMilli(s.startTime())).append('\n');
    b.append("Finished: ").append(Instant.ofEpochMilli(s.finishTime())).append('\n');
    b.append("Maps: ").append(s.mapsCompleted()).append('/').append(s.mapsTotal()).append('\n');
    b.append("Reduces: ").append(s.reducesCompleted()).append('/').append(s.reducesTotal()).append('\n');
    if (s.failureReason() != null) {
      b.append("Failure: ").append(s.failureReason()).append('\n');
    }
    b.append("Counters:\n");
    for (Map.Entry<String, Map<String, Long>> g : new TreeMap<>(counters.groups()).entrySet()) {
      b.append('\t').append(g.getKey()).append('\n');
      new TreeMap<>(g.getValue()).forEach((n, v) -> b.append("\t\t").append(n).append('=').append(v).append('\n'));
    }
    b.append("Tasks:\n");
    for (TaskReport t : tasks) {
      b.append('\t').append(t.taskId()).append(' ').append(t.state()).append('\n');
      for (String a : t.attempts()) {
        b.append("\t\t").append(a).append('\n');
      }
      for (String d : t.diagnostics()) {
        b.append("\t\t! ").append(d).append('\n');
      }
    }
    return b.toString();
  }
}
