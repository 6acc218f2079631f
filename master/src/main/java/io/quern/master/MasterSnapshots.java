package io.quern.master;

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
      Map<String, Integer> tasksByState, List<JobRow> jobs) {}

  record JobRow(String id, String user, String name, JobState state, int priority, double mapProgress,
      double reduceProgress, int maps, int mapsDone, int reduces, int reducesDone, long submitMillis,
      long finishMillis, String failure) {}

  record JobDetail(JobRow job, Map<String, Map<String, Long>> counters, List<TaskRow> tasks) {}

  record TaskRow(String id, String type, String state, double progress, List<AttemptRow> attempts) {}

  /** One attempt: {@code type} is map, reduce or cleanup; times are epoch millis, 0 for none. */
  record AttemptRow(String id, String task, String type, String state, String worker, String workerHttp,
      long startMillis, long finishMillis, double progress, String status, String error) {}

  record WorkerRow(String id, String host, String rack, String httpAddress, int mapSlots, int reduceSlots,
      int runningMaps, int runningReduces, int blacklistedByJobs) {}

  static Tables tables(JobTables t, long submissions, int maxFailuresPerJob) {
    int runningMaps = 0;
    int runningReduces = 0;
    Map<String, Integer> byState = new java.util.TreeMap<>();
    for (JobInProgress job : t.jobs.values()) {
      for (TaskInProgress task : job.allTasks()) {
        if (task.isCleanup()) {
          continue;
        }
        byState.merge(task.state().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        for (Attempt a : task.attempts) {
          if (a.isRunning()) {
            if (task.isMap()) {
              runningMaps++;
            } else {
              runningReduces++;
            }
          }
        }
      }
    }
    int mapSlots = 0;
    int reduceSlots = 0;
    int blacklisted = 0;
    for (WorkerInfo w : t.workers.values()) {
      mapSlots += w.mapSlots();
      reduceSlots += w.reduceSlots();
      if (blacklistedBy(t, w, maxFailuresPerJob) > 0) {
        blacklisted++;
      }
    }
    List<JobRow> jobs = new ArrayList<>();
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
      if (job.isBlacklisted(w, maxFailuresPerJob, t.workers.values())) {
        n++;
      }
    }
    return n;
  }

  static JobRow row(JobInProgress job) {
    return new JobRow(job.id.toString(), job.spec.user(), job.spec.name(), job.state, job.spec.priority(),
        job.progress(true), job.progress(false), job.maps.size(), job.completed(true), job.reduces.size(),
        job.completed(false), job.submitMillis, job.finishMillis, job.failureReason);
  }

  static JobDetail job(JobInProgress job) {
    List<TaskRow> tasks = new ArrayList<>();
    for (TaskInProgress t : job.allTasks()) {
      List<AttemptRow> attempts = new ArrayList<>();
      if (t.recovered != null) {
        attempts.add(attempt(t, t.recovered, "finished under an earlier master"));
      }
      for (Attempt a : t.attempts) {
        attempts.add(attempt(t, a, a.diagnostic));
      }
      tasks.add(new TaskRow(t.id.toString(), type(t), t.state().name(), t.progress(), attempts));
    }
    return new JobDetail(row(job), job.counters().groups(), tasks);
  }

  private static AttemptRow attempt(TaskInProgress t, Attempt a, String error) {
    return new AttemptRow(a.id.toString(), t.id.toString(), type(t), a.state.name(), a.worker.id(),
        a.worker.httpAddress(), a.startMillis, a.finishMillis, a.state == io.quern.mapreduce.TaskState.SUCCEEDED
            ? 1.0 : a.progress, a.status, error == null || error.isEmpty() ? null : error);
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
    for (JobInProgress job : t.jobsWithAttempts()) {
      for (TaskInProgress task : job.allTasks()) {
        for (Attempt a : task.attempts) {
          if (a.isRunning()) {
            running.computeIfAbsent(a.worker.id(), k -> new int[2])[task.isMap() ? 0 : 1]++;
          }
        }
      }
    }
    List<WorkerRow> out = new ArrayList<>();
    for (WorkerInfo w : t.workers.values()) {
      int[] r = running.getOrDefault(w.id(), new int[2]);
      out.add(new WorkerRow(w.id(), w.host(), w.rack(), w.httpAddress(), w.mapSlots(), w.reduceSlots(), r[0], r[1],
          blacklistedBy(t, w, maxFailuresPerJob)));
    }
    return out;
  }
}
