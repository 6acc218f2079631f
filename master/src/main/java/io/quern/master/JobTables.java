package io.quern.master;

import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master's tables for one leadership epoch: its jobs (in submission order) and the live
 * workers, with the lookups every event starts from. Owned by the master's loop thread, like
 * everything the {@link JobTracker} reaches; nothing here is thread-safe.
 */
final class JobTables {
  final long epoch;
  /** Owned by the master's loop thread. */
  final Map<JobID, JobInProgress> jobs = new LinkedHashMap<>();
  /** Owned by the master's loop thread. */
  final WorkerPool workers;
  /** Owned by the master's loop thread. */
  final RunningAttempts running;

  /** @param rackOfHost rack of a data host that holds no worker (split hosts are DataNodes) */
  JobTables(long epoch, java.util.function.Function<String, String> rackOfHost) {
    this.epoch = epoch;
    this.workers = new WorkerPool(rackOfHost);
    this.running = new RunningAttempts(workers);
  }

  void checkEpoch(long got) throws StaleEpochException {
    if (got != epoch) {
      throw new StaleEpochException(got, epoch);
    }
  }

  /**
   * Forgets finished jobs past the retention: those finished longer than its time ago, then a
   * user's oldest finished jobs beyond its number. A job whose abort attempt still runs stays.
   *
   * @return the jobs forgotten, oldest first
   */
  List<JobInProgress> retire(long now, SchedulerSettings.Retention retention) {
    List<JobInProgress> finished = new ArrayList<>();
    for (JobInProgress j : jobs.values()) {
      if (j.state.isTerminal() && !j.workersCleanupPending) {
        finished.add(j);
      }
    }
    finished.sort(Comparator.comparingLong((JobInProgress j) -> j.finishMillis));
    List<JobInProgress> retired = new ArrayList<>();
    Map<String, Integer> keptPerUser = new HashMap<>();
    // Newest first, so that each user keeps their latest jobs.
    for (int i = finished.size() - 1; i >= 0; i--) {
      JobInProgress j = finished.get(i);
      int kept = keptPerUser.merge(j.spec.user(), 1, Integer::sum);
      if (now - j.finishMillis >= retention.retireAfterMillis() || kept > retention.completedPerUser()) {
        retired.add(0, j);
      }
    }
    for (JobInProgress j : retired) {
      jobs.remove(j.id);
    }
    return retired;
  }

  JobInProgress job(JobID jobId) throws UnknownJobException {
    JobInProgress job = jobs.get(jobId);
    if (job == null) {
      throw new UnknownJobException(jobId.toString());
    }
    return job;
  }

  /** The job of an attempt this master launched or recovered; never null for one of those. */
  JobInProgress jobOf(Attempt a) {
    return jobs.get(a.id.getJobID());
  }

  List<JobInProgress> activeJobs() {
    return jobs.values().stream().filter(j -> !j.state.isTerminal()).toList();
  }

  /** Running jobs, and ended jobs whose abort attempt still runs. */
  List<JobInProgress> jobsWithAttempts() {
    return jobs.values().stream().filter(j -> !j.state.isTerminal() || j.workersCleanupPending).toList();
  }

  /** The attempt of that id, or null when there is none. */
  Attempt attempt(TaskAttemptID id) {
    JobInProgress job = jobs.get(id.getJobID());
    TaskInProgress t = job == null ? null : job.task(id.getTaskID());
    return t == null ? null : t.attempt(id);
  }

  // Lookups by the text workers and clients send: each id is parsed once, here, by WireIds.

  /** The job a client names; unknown when the text is no job id. */
  JobInProgress job(String jobId) throws UnknownJobException {
    try {
      return job(WireIds.job(jobId));
    } catch (IllegalArgumentException e) {
      throw new UnknownJobException(jobId);
    }
  }

  /** The job a worker names, or null for none (or no job id: a worker can hold nothing of such a job). */
  JobInProgress knownJob(String jobId) {
    try {
      return jobs.get(WireIds.job(jobId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The attempt a worker or client names; null when it names none (or is no attempt id). */
  Attempt attempt(String attemptId) {
    try {
      return attempt(WireIds.attempt(attemptId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
