package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A job's status comes from totals kept as tasks change ({@link JobProgress}), not from a walk:
 * through random runs of events (progress, successes, failures, kills, speculation, lost workers
 * and map outputs), it equals what a walk of the job's task reports says after every event.
 */
class JobProgressTest {
  private static final long EPOCH = 7;
  private long now = 1_000;

  @Test
  void statusKeptAsTasksChangeEqualsAWalkOfTheTasks() throws Exception {
    for (int seed = 0; seed < 25; seed++) {
      run(new Random(seed), seed);
    }
  }

  private void run(Random random, int seed) throws Exception {
    SchedulerSettings settings = new SchedulerSettings(3, 3, 0.5f, 0, 0, true, true, 5_000, 0.2f, 4, 2, 120_000,
        300_000, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
    JobTracker jt = new JobTracker(EPOCH, "seed" + seed, settings, () -> now, h -> "/r1");
    List<WorkerInfo> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(new WorkerInfo("w" + w, "h" + w, "/r1", "h" + w + ":9020", 3, 2));
      jt.workerJoined(workers.get(w));
    }
    List<SplitInfo> splits = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      splits.add(new SplitInfo(i, "S", new byte[0], 100, List.of("h" + (i % 6))));
    }
    JobSpec spec = new JobSpec(jt.newJobId(), "test", "me", 0, new byte[0], "/jar", "/staging", splits, 5);
    jt.submit(spec);
    List<Command.Launch> launched = new ArrayList<>();
    for (int step = 0; step < 3_000 && !jt.status(spec.jobId()).state().isTerminal(); step++) {
      jt.drainCommands().stream().filter(c -> c instanceof Command.Launch).forEach(c -> launched.add((Command.Launch) c));
      Command.Launch l = launched.isEmpty() ? null : launched.get(random.nextInt(launched.size()));
      int event = random.nextInt(100);
      if (l == null || event < 8) {
        now += random.nextInt(8_000);
        jt.tick();
      } else if (event < 50) {
        jt.statusUpdate(status(l, random.nextFloat()));
      } else if (event < 75) {
        jt.attemptSucceeded(status(l, 1f));
      } else if (event < 88) {
        jt.attemptFailed(status(l, random.nextFloat()), "failed in test", random.nextBoolean());
      } else if (event < 92) {
        String mapAttempt = launched.get(random.nextInt(launched.size())).launch().attemptId();
        jt.fetchFailed(EPOCH, l.launch().attemptId(), mapAttempt);
      } else if (event < 95) {
        try {
          jt.killAttempt(l.launch().attemptId(), random.nextBoolean());
        } catch (io.quern.protocol.mapred.UnknownJobException notRunning) {
          // ended already
        }
      } else if (event < 97) {
        WorkerInfo w = workers.get(random.nextInt(workers.size()));
        jt.workerLost(w.id());
        jt.workerJoined(w);
      } else {
        for (Command.Launch cleanup : launched) {
          if (cleanup.launch().kind() == io.quern.mapreduce.TaskKind.JOB_CLEANUP) {
            jt.attemptSucceeded(status(cleanup, 1f));
          }
        }
      }
      assertMatchesAWalk(jt, spec.jobId(), "seed " + seed + " step " + step);
    }
  }

  private static AttemptStatus status(Command.Launch l, float progress) {
    return new AttemptStatus(EPOCH, l.launch().attemptId(), l.workerId(), progress, "", CountersSnapshot.EMPTY,
        l.endpoint());
  }

  private static void assertMatchesAWalk(JobTracker jt, String jobId, String where) throws Exception {
    JobStatusReport r = jt.status(jobId);
    List<TaskReport> tasks = jt.taskReports(jobId);
    Map<String, Integer> byState = new TreeMap<>();
    int[] runningTasks = new int[2];
    int[] runningAttempts = new int[2];
    float[] progress = new float[2];
    int[] count = new int[2];
    for (TaskReport t : tasks) {
      int k = t.kind() == io.quern.mapreduce.TaskKind.MAP ? 0 : 1;
      count[k]++;
      byState.merge(t.state().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
      progress[k] += t.state() == TaskState.FAILED ? 1f : t.progress();
      if (t.state() == TaskState.RUNNING) {
        runningTasks[k]++;
      }
      for (String a : t.attempts()) {
        if (a.contains(" RUNNING on ")) {
          runningAttempts[k]++;
        }
      }
    }
    assertEquals(progress[0] / count[0], r.mapProgress(), 1e-5, where);
    assertEquals(progress[1] / count[1], r.reduceProgress(), 1e-5, where);
    assertEquals(runningTasks[0], r.mapsRunning(), where);
    assertEquals(runningTasks[1], r.reducesRunning(), where);
    MasterSnapshots.Tables tables = jt.tablesSnapshot();
    assertEquals(byState, tables.tasksByState(), where);
    assertEquals(runningAttempts[0], tables.runningMaps(), where);
    assertEquals(runningAttempts[1], tables.runningReduces(), where);
    assertTrue(r.mapProgress() >= 0 && r.mapProgress() <= 1, where);
  }
}
