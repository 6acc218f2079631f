package io.quern.mapreduce.history;

import java.util.Map;

/**
 * One attempt: {@code type} is map, reduce or cleanup; times are epoch millis, 0 for none;
 * {@code locality} is NODE, RACK or OFF_RACK for a map placed by its split, else null.
 */
public record AttemptSummary(String id, String task, String type, String state, String worker, String workerHttp,
    long startMillis, long finishMillis, String locality, double progress, String status, String error,
    Map<String, Map<String, Long>> counters) {
  public AttemptSummary {
    counters = counters == null ? Map.of() : counters;
  }
}
