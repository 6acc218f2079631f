package io.quern.master;

import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.List;

/**
 * What the scheduling logic decided; the adapters carry it out over RMI or on the file system.
 * Ids are typed here and become text only where they leave the master (the launch's wire record
 * is built at once: it is what the worker receives).
 */
public sealed interface Command {
  /** Push an attempt to a worker. */
  record Launch(String workerId, String endpoint, TaskLaunch launch) implements Command {}

  /** Kill an attempt on a worker (the task is done elsewhere, or the job ended). */
  record Kill(String workerId, String endpoint, TaskAttemptID attempt) implements Command {}

  /**
   * The job ended: write its history and forget it in the job store (epoch-fenced). A job whose
   * output was committed carries its cleanup task's record, written before the job is forgotten:
   * a leader that takes over in between ends the job as succeeded instead of committing again.
   */
  record JobEnded(JobID job, TaskRecord committed) implements Command {}

  /**
   * Persist that a task finished (epoch-fenced), so that a later leader takes it over instead
   * of running it again.
   */
  record RecordTask(JobID job, TaskRecord task) implements Command {}

  /** The job ended: tell the workers that ran it to drop its child JVM and local files. */
  record CleanupJob(JobID job, List<WorkerInfo> workers) implements Command {
    public CleanupJob {
      workers = List.copyOf(workers);
    }
  }
}
