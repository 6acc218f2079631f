package io.quern.mapreduce.history;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A job's history as {@code quern job -history} prints it: the job, its counters, each attempt. */
public final class JobHistoryText {
  private JobHistoryText() {}

  public static String format(JobDetail d) {
    JobSummary j = d.job();
    StringBuilder b = new StringBuilder();
    b.append("Job: ").append(j.id()).append('\n');
    b.append("Name: ").append(j.name()).append('\n');
    b.append("User: ").append(j.user()).append('\n');
    b.append("State: ").append(j.state()).append('\n');
    b.append("Submitted: ").append(time(j.submitMillis())).append('\n');
    b.append("Finished: ").append(time(j.finishMillis())).append('\n');
    b.append("Maps: ").append(j.mapsDone()).append('/').append(j.maps()).append('\n');
    b.append("Reduces: ").append(j.reducesDone()).append('/').append(j.reduces()).append('\n');
    if (j.failure() != null) {
      b.append("Failure: ").append(j.failure()).append('\n');
    }
    b.append("Counters:\n");
    counters(b, d.counters(), "\t");
    b.append("Tasks:\n");
    for (TaskSummary t : d.tasks()) {
      b.append('\t').append(t.id()).append(' ').append(t.state()).append('\n');
      for (AttemptSummary a : t.attempts()) {
        b.append("\t\t").append(a.id()).append(' ').append(a.state()).append(" on ").append(a.worker());
        if (a.locality() != null) {
          b.append(" (").append(a.locality()).append(')');
        }
        b.append(", ").append(time(a.startMillis())).append(" to ").append(time(a.finishMillis()));
        if (a.startMillis() > 0 && a.finishMillis() >= a.startMillis()) {
          b.append(String.format(" (%.1f s)", (a.finishMillis() - a.startMillis()) / 1000.0));
        }
        b.append('\n');
        if (a.error() != null) {
          b.append("\t\t! ").append(a.error()).append('\n');
        }
      }
    }
    return b.toString();
  }

  private static void counters(StringBuilder b, Map<String, Map<String, Long>> counters, String indent) {
    for (Map.Entry<String, Map<String, Long>> g : new TreeMap<>(counters).entrySet()) {
      b.append(indent).append(g.getKey()).append('\n');
      new TreeMap<>(g.getValue()).forEach((n, v) -> b.append(indent).append('\t').append(n).append('=').append(v)
          .append('\n'));
    }
  }

  private static String time(long millis) {
    return millis <= 0 ? "-" : Instant.ofEpochMilli(millis).toString();
  }
}
