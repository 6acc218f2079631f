package io.quern.master;

import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.protocol.mapred.MapOutputEvent;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a new leader takes over of a job an earlier leader accepted and did not finish. Its
 * recorded reduces stay committed (their output is in the job's output directory); its recorded
 * maps are reused when the worker holding their output is live (it keeps map outputs until the
 * job's cleanup), else run again. Attempts the earlier leader left running are not adopted:
 * their reports carry the old epoch and are refused, which makes their worker kill them, and the
 * tasks run again here.
 */
final class JobRecovery {
  private static final Logger LOG = LogManager.getLogger(JobRecovery.class);

  private JobRecovery() {}

  /**
   * Marks the tasks of {@code finished} done in {@code job}, a job just made from its spec.
   *
   * @param live the workers registered now, by id
   */
  static void restore(JobInProgress job, List<TaskRecord> finished, Map<String, WorkerInfo> live, long now) {
    job.workersUsed.addAll(live.keySet()); // any of them may hold files of the earlier leader's attempts
    int maps = 0;
    int reduces = 0;
    TaskRecord committed = null;
    TaskAttemptID committedBy = null;
    for (TaskRecord r : finished) {
      TaskInProgress t;
      TaskAttemptID attemptId;
      try {
        attemptId = WireIds.attempt(r.attemptId());
        if (attemptId.getTaskID().getTaskType() == io.quern.mapreduce.TaskType.JOB_CLEANUP) {
          committed = r;
          committedBy = attemptId;
          continue;
        }
        t = job.task(attemptId.getTaskID());
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: ignoring a malformed task record {}", job.id, r);
        continue;
      }
      if (t == null || t.succeeded() != null || !attemptId.getTaskID().toString().equals(r.taskId())) {
        continue;
      }
      WorkerInfo w = live.get(r.workerId());
      if (t.isMap()) {
        if (job.reduces.isEmpty()) {
          // A map-only job's maps committed their output to the job's output directory.
          w = w != null ? w : new WorkerInfo(r.workerId(), "", "", "", 0, 0);
        } else if (w == null || r.shuffleEndpoint() == null) {
          LOG.info("{}: output of {} went with worker {}; running the map again", job.id, r.attemptId(),
              r.workerId());
          continue;
        }
      } else {
        w = w != null ? w : new WorkerInfo(r.workerId(), "", "", "", 0, 0);
      }
      Attempt a = Attempt.finished(attemptId, t, w, r.startMillis() > 0 ? r.startMillis() : now,
          r.finishMillis() > 0 ? r.finishMillis() : now, "finished under an earlier master");
      a.locality = locality(r.locality());
      a.counters = r.counters();
      a.shuffleEndpoint = r.shuffleEndpoint();
      t.recovered = a;
      job.succeeded(t, a);
      job.attemptEvent(a, io.quern.mapreduce.TaskCompletionEvent.Status.SUCCEEDED, now);
      if (t.isMap()) {
        maps++;
        job.count(JobCounter.RECOVERED_MAPS);
        if (!job.reduces.isEmpty()) {
          job.mapEvents.add(new MapOutputEvent(job.mapEvents.size(), t.id.getId(), a.id.toString(),
              a.shuffleEndpoint, false));
        }
      } else {
        reduces++;
        job.count(JobCounter.RECOVERED_REDUCES);
      }
    }
    // A commit comes only once every task is done (or tolerated as failed, which is not recorded).
    if (committed != null) {
      restoreCommit(job, committed, committedBy, now);
      LOG.info("{} was committed under an earlier leader, which ended before forgetting it; it succeeded", job.id);
      return;
    }
    LOG.info("{} recovered from an earlier leader: {} of {} maps and {} of {} reduces taken over as done; "
        + "running the rest", job.id, maps, job.maps.size(), reduces, job.reduces.size());
  }

  /** The job's output was committed: its cleanup task is done, and must not run again. */
  private static void restoreCommit(JobInProgress job, TaskRecord r, TaskAttemptID attemptId, long now) {
    TaskInProgress cleanup = job.startCleanup(io.quern.mapreduce.JobState.SUCCEEDED);
    Attempt a = Attempt.finished(attemptId, cleanup, new WorkerInfo(r.workerId(), "", "", "", 0, 0),
        r.startMillis() > 0 ? r.startMillis() : now, r.finishMillis() > 0 ? r.finishMillis() : now,
        "committed under an earlier master");
    job.succeeded(cleanup, a);
  }

  /** Whether {@link #restore} found the job's output committed: it ends as succeeded, with nothing to run. */
  static boolean committed(JobInProgress job) {
    return job.cleanup != null && job.cleanup.succeeded() != null && job.cleanupFor == io.quern.mapreduce.JobState.SUCCEEDED;
  }

  private static Locality locality(String name) {
    try {
      return name == null ? null : Locality.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
