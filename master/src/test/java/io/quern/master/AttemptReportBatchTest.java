package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker's batch of reports ({@link JobTracker#report}) decides as the single calls do: the
 * same job played once with batches and once with one call per report ends the same way, with
 * the same answers, and one attempt per task may commit.
 */
class AttemptReportBatchTest {
  private static final long EPOCH = 7;
  private long now = 1_000;

  /** How the reports reach the tracker: in one batch, or one single call each. */
  private interface Reporter {
    List<ReportAnswer> send(JobTracker jt, List<AttemptReport> reports) throws Exception;
  }

  private static final Reporter BATCH = JobTracker::report;

  private static final Reporter SINGLE = (jt, reports) -> {
    List<ReportAnswer> answers = new ArrayList<>();
    for (AttemptReport r : reports) {
      try {
        switch (r.kind()) {
          case STATUS -> answers.add(jt.statusUpdate(r.status()) ? ReportAnswer.YES : ReportAnswer.NO);
          case COMMIT -> answers.add(jt.canCommit(r.epoch(), r.attemptId()) ? ReportAnswer.YES : ReportAnswer.NO);
          case DONE -> {
            jt.attemptSucceeded(r.status());
            answers.add(ReportAnswer.YES);
          }
          default -> {
            jt.attemptFailed(r.status(), r.diagnostics(), r.kind() == AttemptReport.Kind.KILLED);
            answers.add(ReportAnswer.YES);
          }
        }
      } catch (StaleEpochException e) {
        answers.add(ReportAnswer.STALE_EPOCH);
      }
    }
    return answers;
  };

  /** What a run of the job ended with: every batch's answers, the job's state and its tasks' states. */
  private record Outcome(List<List<ReportAnswer>> answers, JobState job, List<TaskState> maps) {}

  private static AttemptStatus status(Command.Launch l, long epoch, float progress) {
    return new AttemptStatus(epoch, l.launch().attemptId(), l.workerId(), progress, "", CountersSnapshot.EMPTY,
        l.endpoint());
  }

  private static List<Command.Launch> launches(JobTracker jt) {
    return jt.drainCommands().stream().filter(c -> c instanceof Command.Launch).map(c -> (Command.Launch) c)
        .toList();
  }

  /**
   * Three maps on two workers with speculation: two finish at once in one batch (with a report
   * of an old epoch among them), the third straggles, gets a backup, and both ask to commit in
   * one batch; then the job's commit.
   */
  private Outcome play(Reporter reporter) throws Exception {
    now = 1_000;
    JobTracker jt = new JobTracker(EPOCH, "test", new SchedulerSettings(4, 4, 0.05f, 1000, 1000, true, true,
        60_000, 0.2f, 4, 3, 900_000, 300_000, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN),
        () -> now, h -> "/r1");
    jt.workerJoined(new WorkerInfo("w1", "h1", "/r1", "h1:9020", 2, 0));
    jt.workerJoined(new WorkerInfo("w2", "h2", "/r1", "h2:9020", 1, 0));
    List<SplitInfo> splits = new ArrayList<>();
    for (String host : List.of("h1", "h1", "h2")) {
      splits.add(new SplitInfo(splits.size(), "S", new byte[0], 100, List.of(host)));
    }
    JobSpec spec = new JobSpec(jt.newJobId(), "test", "me", 0, new byte[0], "/jar", "/staging", splits, 0);
    jt.submit(spec);
    List<Command.Launch> l = launches(jt);
    assertEquals(3, l.size());
    Command.Launch slow = l.stream().filter(x -> x.launch().partition() == 0).findFirst().orElseThrow();
    List<Command.Launch> quick = l.stream().filter(x -> x != slow).toList();

    List<List<ReportAnswer>> answers = new ArrayList<>();
    List<AttemptReport> first = new ArrayList<>();
    for (Command.Launch x : quick) {
      first.add(AttemptReport.status(status(x, EPOCH, 0.5f)));
    }
    first.add(AttemptReport.status(status(slow, EPOCH, 0.1f)));
    first.add(AttemptReport.status(status(slow, EPOCH - 1, 0.2f)));
    for (Command.Launch x : quick) {
      first.add(AttemptReport.commit(EPOCH, x.launch().attemptId(), x.workerId()));
      first.add(AttemptReport.done(status(x, EPOCH, 1)));
    }
    answers.add(reporter.send(jt, first));

    now += 61_000;
    jt.tick();
    List<Command.Launch> backups = launches(jt);
    assertEquals(1, backups.size(), "the straggler's backup");
    Command.Launch backup = backups.get(0);
    answers.add(reporter.send(jt, List.of(
        AttemptReport.commit(EPOCH, backup.launch().attemptId(), backup.workerId()),
        AttemptReport.commit(EPOCH, slow.launch().attemptId(), slow.workerId()),
        AttemptReport.done(status(backup, EPOCH, 1)),
        AttemptReport.status(status(slow, EPOCH, 0.3f)),
        AttemptReport.failed(status(slow, EPOCH, 0.3f), "killed", true))));

    List<Command.Launch> cleanup = launches(jt);
    assertEquals(1, cleanup.size());
    assertEquals(TaskKind.JOB_CLEANUP, cleanup.get(0).launch().kind());
    Command.Launch commit = cleanup.get(0);
    answers.add(reporter.send(jt, List.of(
        AttemptReport.commit(EPOCH, commit.launch().attemptId(), commit.workerId()),
        AttemptReport.done(status(commit, EPOCH, 1)))));
    return new Outcome(answers, jt.status(spec.jobId()).state(),
        jt.taskReports(spec.jobId()).stream().filter(t -> t.kind() == TaskKind.MAP).map(t -> t.state()).toList());
  }

  @Test
  void aBatchDecidesAsTheSingleCallsDo() throws Exception {
    Outcome batched = play(BATCH);
    Outcome single = play(SINGLE);
    ReportAnswer y = ReportAnswer.YES;
    ReportAnswer n = ReportAnswer.NO;
    assertEquals(List.of(
        List.of(y, y, y, ReportAnswer.STALE_EPOCH, y, y, y, y),
        List.of(y, n, y, n, y), // one attempt of the task commits; the loser is told to stop
        List.of(y, y)), batched.answers());
    assertEquals(JobState.SUCCEEDED, batched.job());
    assertEquals(List.of(TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SUCCEEDED), batched.maps());
    assertEquals(single, batched);
  }
}
