package io.quern.mapreduce.history;

import java.util.List;

/** One task and its attempts; {@code type} is map, reduce or cleanup. */
public record TaskSummary(String id, String type, String state, double progress, List<AttemptSummary> attempts) {
  public TaskSummary {
    attempts = attempts == null ? List.of() : attempts;
  }
}
