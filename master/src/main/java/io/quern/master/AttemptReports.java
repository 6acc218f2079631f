package io.quern.master;

import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What workers report about their attempts, through the umbilical: progress, the commit
 * question, success, failure, fetch failures, and what they ask back (map outputs, ended jobs).
 * Every report carries the epoch of the master that launched the attempt; a report of another
 * epoch is refused here, before it touches the tables. The checked change goes to the
 * {@link JobLifecycle}.
 *
 * <p>Confined to the master's loop thread, as the {@link JobTracker} that owns it.
 */
final class AttemptReports {
  private static final Logger LOG = LogManager.getLogger(AttemptReports.class);

  private final JobTables tables;
  private final JobLifecycle lifecycle;
  private final SchedulerSettings settings;
  private final LongSupplier clock;

  AttemptReports(JobTables tables, JobLifecycle lifecycle, SchedulerSettings settings, LongSupplier clock) {
    this.tables = tables;
    this.lifecycle = lifecycle;
    this.settings = settings;
    this.clock = clock;
  }

  /** Records progress; false tells the worker to kill an attempt the master no longer wants. */
  boolean statusUpdate(AttemptStatus s) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = tables.attempt(s.attemptId());
    if (a == null || !a.isRunning()) {
      return false;
    }
    a.lastReportMillis = clock.getAsLong();
    a.progress(s.progress());
    a.status = lifecycle.bounded(s.status());
    if (!lifecycle.countersWithinBounds(a, s.counters())) {
      return false;
    }
    a.counters = s.counters();
    return true;
  }

  /** Grants the commit of a task's output to the first attempt that asks, and to no other. */
  boolean canCommit(long attemptEpoch, String attemptId) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    Attempt a = tables.attempt(attemptId);
    return a != null && a.task.grantCommit(a);
  }

  void succeeded(AttemptStatus s) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = tables.attempt(s.attemptId());
    if (a == null) {
      return;
    }
    if (!a.isRunning()) {
      lifecycle.endReported(a);
      return;
    }
    a.endReported = true;
    if (!lifecycle.countersWithinBounds(a, s.counters())) {
      return;
    }
    a.counters = s.counters();
    a.shuffleEndpoint = s.shuffleEndpoint();
    lifecycle.attemptSucceeded(tables.jobOf(a), a.task, a);
  }

  void failed(AttemptStatus s, String diagnostics, boolean killed) throws StaleEpochException {
    tables.checkEpoch(s.epoch());
    Attempt a = tables.attempt(s.attemptId());
    if (a == null) {
      return;
    }
    if (!a.isRunning()) {
      lifecycle.endReported(a); // an attempt the master killed: its processes are gone now
      return;
    }
    a.endReported = true;
    lifecycle.attemptEnded(a, killed ? TaskState.KILLED : TaskState.FAILED, diagnostics);
  }

  /**
   * A worker's batch of reports, applied in order, each as its single call; a report of another
   * epoch is answered {@link ReportAnswer#STALE_EPOCH} and the rest still apply.
   */
  List<ReportAnswer> report(List<AttemptReport> reports) {
    List<ReportAnswer> answers = new ArrayList<>(reports.size());
    for (AttemptReport r : reports) {
      try {
        answers.add(switch (r.kind()) {
          case STATUS -> statusUpdate(r.status()) ? ReportAnswer.YES : ReportAnswer.NO;
          case COMMIT -> canCommit(r.epoch(), r.attemptId()) ? ReportAnswer.YES : ReportAnswer.NO;
          case DONE -> {
            succeeded(r.status());
            yield ReportAnswer.YES;
          }
          case FAILED, KILLED -> {
            failed(r.status(), r.diagnostics(), r.kind() == AttemptReport.Kind.KILLED);
            yield ReportAnswer.YES;
          }
        });
      } catch (StaleEpochException e) {
        answers.add(ReportAnswer.STALE_EPOCH);
      }
    }
    return answers;
  }

  List<MapOutputEvent> mapOutputEvents(long attemptEpoch, String jobId, int fromIndex) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    JobInProgress job = tables.knownJob(jobId);
    if (job == null || fromIndex >= job.mapEvents.size()) {
      return List.of();
    }
    return List.copyOf(job.mapEvents.subList(Math.max(0, fromIndex), job.mapEvents.size()));
  }

  /**
   * Of {@code jobIds}, those with nothing left to run here: ended (and no abort attempt still
   * running), or unknown (retired, dropped at recovery).
   */
  List<String> endedJobs(long attemptEpoch, List<String> jobIds) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    List<String> ended = new ArrayList<>();
    for (String id : jobIds) {
      JobInProgress job = tables.knownJob(id);
      if (job == null || (job.state.isTerminal() && !job.workersCleanupPending)) {
        ended.add(id);
      }
    }
    return ended;
  }

  /** Enough reducers failing to fetch a map's output (after their own retries) re-run the map. */
  void fetchFailed(long attemptEpoch, String reduceAttemptId, String mapAttemptId) throws StaleEpochException {
    tables.checkEpoch(attemptEpoch);
    Attempt a = tables.attempt(mapAttemptId);
    if (a == null || a.state() != TaskState.SUCCEEDED) {
      return;
    }
    JobInProgress job = tables.jobOf(a);
    a.fetchFailures++;
    int threshold = Math.min(settings.fetchFailuresToRerun(), Math.max(1, job.reduces.size()));
    LOG.info("{} output could not be fetched by {} ({} of {} reports)", mapAttemptId, reduceAttemptId,
        a.fetchFailures, threshold);
    if (a.fetchFailures >= threshold) {
      TaskInProgress t = a.task;
      t.outputUnfetchable(a);
      lifecycle.invalidateMapOutput(job, t, TaskState.FAILED);
      if (t.failures() >= job.maxAttempts(true)) {
        lifecycle.failTask(job, t);
      }
      lifecycle.schedule();
    }
  }

  /**
   * Fails the attempts the master has not heard of for their job's silence window (their worker
   * cannot reach this master, or lost them).
   */
  void failSilent(long now) {
    // Only running attempts can fall silent: the index holds them, in the order of the tables.
    for (Attempt a : tables.running.matching((job, a) -> (!job.state.isTerminal() || job.workersCleanupPending)
        && now - a.lastReportMillis > job.silenceMillis)) {
      JobInProgress job = tables.jobOf(a);
      if (a.isRunning()) {
        lifecycle.kill(a);
        lifecycle.endAttempt(job, a.task, a, TaskState.FAILED, job.silenceKey == null
            ? "no report from worker " + a.worker.id() + " for " + (now - a.lastReportMillis) / 1000 + "s"
            : "timed out: no progress reported for " + seconds(now - a.lastReportMillis) + " (the job's "
                + job.silenceKey + " is " + seconds(job.silenceMillis) + ")");
      }
    }
  }

  /** A duration in seconds for messages: "1.5 s", "600 s". */
  private static String seconds(long millis) {
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f",
        millis / 1000.0)) + " s";
  }
}
