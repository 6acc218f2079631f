package io.quern.mapreduce;

import java.io.Serializable;
import java.util.List;

/** One task of a job: its state, its attempts and why attempts failed. */
public record TaskReport(
    String taskId,
    TaskKind kind,
    TaskState state,
    float progress,
    String status,
    List<String> attempts,
    String successfulAttempt,
    List<String> diagnostics) implements Serializable {
  public TaskReport {
    attempts = List.copyOf(attempts);
    diagnostics = List.copyOf(diagnostics);
  }
}
