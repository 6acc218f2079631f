package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a new leader needs to know of a finished task so that it does not run it again: the
 * attempt that finished, the worker that holds its output (maps), and where reducers fetch it;
 * and, so that the job's counters and history stay whole across a failover, when the attempt
 * ran, how local it was and its counters.
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

  /**
   * Lines of {@code key=value}; a counter is {@code counter=GROUP<TAB>NAME<TAB>VALUE}, names
   * with a tab or line break being left out (no counter of Quern's or Hadoop's has one).
   */
  String encode() {
    StringBuilder b = new StringBuilder();
    b.append("attempt=").append(attemptId).append("\nworker=").append(workerId).append("\nshuffle=")
        .append(shuffleEndpoint == null ? "" : shuffleEndpoint).append('\n');
    b.append("start=").append(startMillis).append("\nfinish=").append(finishMillis).append('\n');
    if (locality != null) {
      b.append("locality=").append(locality).append('\n');
    }
    counters.groups().forEach((group, values) -> values.forEach((name, value) -> {
      if (plain(group) && plain(name)) {
        b.append("counter=").append(group).append('\t').append(name).append('\t').append(value).append('\n');
      }
    }));
    return b.toString();
  }

  private static boolean plain(String s) {
    return s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
  }

  static TaskRecord decode(String taskId, String text) {
    String attempt = null;
    String worker = null;
    String shuffle = null;
    long start = 0;
    long finish = 0;
    String locality = null;
    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String v = line.substring(eq + 1).strip();
      switch (line.substring(0, eq)) {
        case "attempt" -> attempt = v;
        case "worker" -> worker = v;
        case "shuffle" -> shuffle = v.isEmpty() ? null : v;
        case "start" -> start = number(v);
        case "finish" -> finish = number(v);
        case "locality" -> locality = v.isEmpty() ? null : v;
        case "counter" -> {
          String[] parts = line.substring(eq + 1).split("\t");
          if (parts.length == 3) {
            counters.computeIfAbsent(parts[0], g -> new LinkedHashMap<>()).put(parts[1], number(parts[2]));
          }
        }
        default -> { }
      }
    }
    return attempt == null || worker == null ? null
        : new TaskRecord(taskId, attempt, worker, shuffle, start, finish, locality, new CountersSnapshot(counters));
  }

  /** A number of a record, or 0 where a damaged record has none: times and counts only inform. */
  private static long number(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
