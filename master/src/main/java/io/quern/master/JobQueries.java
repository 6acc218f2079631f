package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.mapreduce.history.JobDetail;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What clients and the status pages ask of the tables: a job's status (with why it waits, if it
 * does), counters, task reports, completion events, and the pages' copies. It reads and changes
 * nothing but the change waiters it publishes to.
 *
 * <p>Confined to the master's loop thread, as the {@link JobTracker} that owns it.
 */
final class JobQueries {
  /** At most this many events per call: a client follows a long job in batches. */
  static final int MAX_EVENTS_PER_CALL = 1_000;

  private final JobTables tables;
  private final SchedulerSettings settings;
  private final LongSupplier clock;
  private final NamenodeWait namenode;

  JobQueries(JobTables tables, SchedulerSettings settings, LongSupplier clock, NamenodeWait namenode) {
    this.tables = tables;
    this.settings = settings;
    this.clock = clock;
    this.namenode = namenode;
  }

  JobStatusReport report(JobInProgress job) {
    String waiting = namenode.note();
    return job.report(waiting != null ? waiting : gpuWait(job));
  }

  /** Why the job's pending tasks cannot start anywhere: no live worker has the GPUs they need. Null if some can. */
  private String gpuWait(JobInProgress job) {
    int most = 0;
    for (WorkerInfo w : tables.workers.infos()) {
      most = Math.max(most, w.gpus().size());
    }
    for (boolean map : new boolean[] {true, false}) {
      int need = job.gpus(map);
      if (need > most && job.totals.inState(map, TaskState.PENDING) > 0) {
        return "waiting for a worker with " + need + " GPUs for each " + (map ? "map" : "reduce")
            + " (the most any live worker offers is " + most + ")";
      }
    }
    return null;
  }

  JobStatusReport status(String jobId) throws UnknownJobException {
    return report(tables.job(jobId));
  }

  /**
   * Publishes to {@code waiters} the report of each job a caller waits on, when one is due
   * (after a run of calls; see {@link JobChangeWaiters#due}); a job no longer in the tables
   * releases its waiters.
   */
  void publishChanges(JobChangeWaiters waiters) {
    List<JobID> watched = waiters.watched();
    if (watched.isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    for (JobID id : watched) {
      JobInProgress job = tables.jobs.get(id);
      if (job == null) {
        waiters.release(id);
      } else if (waiters.due(id, job.state, now)) {
        waiters.publish(id, report(job), now);
      }
    }
  }

  /** The job's status now, published to its waiters too: where a wait for its change starts. */
  JobStatusReport publishStatus(JobID jobId, JobChangeWaiters waiters) throws UnknownJobException {
    JobStatusReport r = report(tables.job(jobId));
    waiters.publish(jobId, r, clock.getAsLong());
    return r;
  }

  CountersSnapshot counters(String jobId) throws UnknownJobException {
    return tables.job(jobId).counters();
  }

  List<TaskReport> taskReports(String jobId) throws UnknownJobException {
    JobInProgress job = tables.job(jobId);
    List<TaskReport> out = new ArrayList<>();
    job.maps.forEach(t -> out.add(t.report()));
    job.reduces.forEach(t -> out.add(t.report()));
    return out;
  }

  List<JobStatusReport> list() {
    return tables.jobs.values().stream().map(this::report).toList();
  }

  List<TaskCompletionEvent> taskCompletionEvents(String jobId, int fromIndex, int max) throws UnknownJobException {
    List<TaskCompletionEvent> events = tables.job(jobId).completionEvents;
    int from = Math.min(Math.max(0, fromIndex), events.size());
    int to = Math.min(events.size(), from + Math.max(0, Math.min(max, MAX_EVENTS_PER_CALL)));
    return List.copyOf(events.subList(from, to));
  }

  String attemptWorker(String attemptId) throws UnknownJobException {
    Attempt a = tables.attempt(attemptId);
    if (a == null) {
      throw new UnknownJobException(attemptId + " (no such attempt)");
    }
    return a.worker.endpoint();
  }

  // ---- the status pages (copies made on the loop thread; see MasterSnapshots) ----

  MasterSnapshots.Tables tablesSnapshot(long nextSequence) {
    return MasterSnapshots.tables(tables, nextSequence, settings.maxWorkerFailuresPerJob());
  }

  JobDetail jobSnapshot(String jobId) throws UnknownJobException {
    return MasterSnapshots.job(tables.job(jobId));
  }

  List<MasterSnapshots.WorkerRow> workersSnapshot() {
    return MasterSnapshots.workers(tables, settings.maxWorkerFailuresPerJob());
  }
}
