package io.quern.master;

import io.quern.mapreduce.history.AttemptSummary;
import io.quern.mapreduce.history.JobDetail;
import io.quern.mapreduce.history.JobSummary;
import io.quern.mapreduce.history.TaskSummary;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies of the master's tables for its status pages, made on the loop thread (through a call
 * to the {@link MasterLoop}) and read by the page threads: the pages never touch the tables.
 * Records only, of strings and numbers, so that they render as HTML or JSON alike.
 */
final class MasterSnapshots {
  private MasterSnapshots() {}

  /** The tables' totals and the jobs it holds, newest first. */
  record Tables(long epoch, long submissions, int runningMaps, int runningReduces, int occupiedMapSlots,
      int mapSlots, int occupiedReduceSlots, int reduceSlots, int liveWorkers, int blacklistedWorkers,
      Map<String, Integer> tasksByState, List<JobSummary> jobs) {}

  /** A worker: {@code failedAttempts} counts those of the jobs this master holds; NaN or -1 for unknown. */
  record WorkerRow(String id, String host, String rack, String httpAddress, int mapSlots, int reduceSlots,
      int runningMaps, int runningReduces, int failedAttempts, int blacklistedByJobs, double load,
      long memAvailableBytes, List<String> gpus) {}

  static Tables tables(JobTables t, long submissions, int maxFailuresPerJob) {
    int runningMaps = 0;
    int runningReduces = 0;
    Map<String, Integer> byState = new java.util.TreeMap<>();
    for (JobInProgress job : t.jobs.values()) {
      for (boolean map : new boolean[] {true, false}) {
        for (io.quern.mapreduce.TaskState state : io.quern.mapreduce.TaskState.values()) {
          int n = job.totals.inState(map, state);
          if (n > 0) {
            byState.merge(state.name().toLowerCase(java.util.Locale.ROOT), n, Integer::sum);
          }
        }
      }
      runningMaps += job.totals.runningAttempts(true);
      runningReduces += job.totals.runningAttempts(false);
    }
    int mapSlots = 0;
    int reduceSlots = 0;
    int blacklisted = 0;
    for (WorkerInfo w : t.workers.infos()) {
      mapSlots += w.mapSlots();
      reduceSlots += w.reduceSlots();
      if (blacklistedBy(t, w, maxFailuresPerJob) > 0) {
        blacklisted++;
      }
    }
    List<JobSummary> jobs = new ArrayList<>();
    for (JobInProgress job : t.jobs.values()) {
      jobs.add(0, row(job));
    }
    return new Tables(t.epoch, submissions, runningMaps, runningReduces, Math.min(runningMaps, mapSlots), mapSlots,
        Math.min(runningReduces, reduceSlots), reduceSlots, t.workers.size(), blacklisted, byState, jobs);
  }

  /** Running jobs that avoid the worker for its failures (Hadoop 1 blacklisted per job too). */
  private static int blacklistedBy(JobTables t, WorkerInfo w, int maxFailuresPerJob) {
    int n = 0;
    for (JobInProgress job : t.activeJobs()) {
      if (job.isBlacklisted(w, maxFailuresPerJob, t.workers.infos())) {
        n++;
      }
    }
    return n;
  }

  static JobSummary row(JobInProgress job) {
    return new JobSummary(job.id.toString(), job.spec.user(), job.spec.name(), job.state, job.spec.priority(),
        job.progress(true), job.progress(false), job.maps.size(), job.completed(true), job.reduces.size(),
        job.completed(false), job.submitMillis, job.finishMillis, job.failureReason);
  }

  static JobDetail job(JobInProgress job) {
    List<TaskSummary> tasks = new ArrayList<>();
    for (TaskInProgress t : job.allTasks()) {
      List<AttemptSummary> attempts = new ArrayList<>();
      if (t.recovered != null) {
        attempts.add(attempt(t, t.recovered, null));
      }
      for (Attempt a : t.attempts) {
        attempts.add(attempt(t, a, a.diagnostic));
      }
      tasks.add(new TaskSummary(t.id.toString(), type(t), t.state().name(), t.progress(), attempts));
    }
    return new JobDetail(row(job), job.counters().groups(), tasks);
  }

  private static AttemptSummary attempt(TaskInProgress t, Attempt a, String error) {
    return new AttemptSummary(a.id.toString(), t.id.toString(), type(t), a.state().name(), a.worker.id(),
        a.worker.httpAddress(), a.startMillis, a.finishMillis, a.locality == null ? null : a.locality.name(),
        a.state() == io.quern.mapreduce.TaskState.SUCCEEDED ? 1.0 : a.progress(), a.status,
        error == null || error.isEmpty() ? null : error, a.counters.groups());
  }

  private static String type(TaskInProgress t) {
    TaskType type = t.id.getTaskType();
    return switch (type) {
      case MAP -> "map";
      case REDUCE -> "reduce";
      case JOB_CLEANUP -> "cleanup";
    };
  }

  static List<WorkerRow> workers(JobTables t, int maxFailuresPerJob) {
    Map<String, int[]> running = new java.util.HashMap<>();
    for (JobInProgress job : t.jobs.values()) {
      for (TaskInProgress task : job.allTasks()) {
        for (Attempt a : task.attempts) {
          if (a.isRunning()) {
            running.computeIfAbsent(a.worker.id(), k -> new int[3])[task.isMap() ? 0 : 1]++;
          } else if (a.state() == io.quern.mapreduce.TaskState.FAILED) {
            running.computeIfAbsent(a.worker.id(), k -> new int[3])[2]++;
          }
        }
      }
    }
    List<WorkerRow> out = new ArrayList<>();
    for (WorkerInfo w : t.workers.infos()) {
      int[] r = running.getOrDefault(w.id(), new int[3]);
      out.add(new WorkerRow(w.id(), w.host(), w.rack(), w.httpAddress(), w.mapSlots(), w.reduceSlots(), r[0], r[1],
          r[2], blacklistedBy(t, w, maxFailuresPerJob), w.load(), w.memAvailableBytes(), w.gpus()));
    }
    return out;
  }
}
