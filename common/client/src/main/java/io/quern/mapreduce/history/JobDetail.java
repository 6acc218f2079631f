package io.quern.mapreduce.history;

import java.util.List;
import java.util.Map;

/**
 * What is known of one job, attempt by attempt: the data of the master's job page and
 * timeline, and the content of the job's history file (as JSON), so that a finished job's
 * pages read the same from the master's memory as from its history after the master forgot it.
 */
public record JobDetail(JobSummary job, Map<String, Map<String, Long>> counters, List<TaskSummary> tasks) {
  public JobDetail {
    counters = counters == null ? Map.of() : counters;
    tasks = tasks == null ? List.of() : tasks;
  }
}
