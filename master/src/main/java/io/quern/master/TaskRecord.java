package io.quern.master;

/**
 * What a new leader needs to know of a finished task so that it does not run it again: the
 * attempt that finished, the worker that holds its output (maps), and where reducers fetch it.
 */
record TaskRecord(String taskId, String attemptId, String workerId, String shuffleEndpoint) {
  String encode() {
    return "attempt=" + attemptId + "\nworker=" + workerId + "\nshuffle=" + (shuffleEndpoint == null ? "" : shuffleEndpoint)
        + "\n";
  }

  static TaskRecord decode(String taskId, String text) {
    String attempt = null;
    String worker = null;
    String shuffle = null;
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
        default -> { }
      }
    }
    return attempt == null || worker == null ? null : new TaskRecord(taskId, attempt, worker, shuffle);
  }
}
