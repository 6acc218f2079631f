package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GPU placement by the master's logic, driven directly: tasks go only where their GPUs are free,
 * no GPU is given to two attempts whose processes may still run, and GPUs come back however an
 * attempt ends. Also the published load limit and the completion events.
 */
class GpuPlacementTest {
  private static final long EPOCH = 3;
  private long now = 1_000;

  private JobTracker tracker(double maxLoad) {
    SchedulerSettings s = new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 1000, 3, 900_000,
        300_000, new SchedulerSettings.Retention(86_400_000, 100), maxLoad);
    return new JobTracker(EPOCH, "gpu", s, () -> now, h -> "/r");
  }

  private static WorkerInfo worker(String id, int mapSlots, List<String> gpus, double load) {
    return new WorkerInfo(id, id, "/r", id + ":9020", mapSlots, 1, gpus, load);
  }

  private static JobSpec job(JobTracker jt, int maps, int reduces, Map<String, String> settings) throws Exception {
    Configuration conf = new Configuration(false);
    settings.forEach(conf::set);
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    conf.writeXml(xml);
    List<SplitInfo> splits = new ArrayList<>();
    for (int i = 0; i < maps; i++) {
      splits.add(new SplitInfo(i, "S", new byte[0], 100, List.of()));
    }
    return new JobSpec(jt.newJobId(), "gpu", "me", 0, xml.toByteArray(), "/jar", "/staging", splits, reduces);
  }

  private static List<Command.Launch> launches(JobTracker jt) {
    return jt.drainCommands().stream().filter(c -> c instanceof Command.Launch).map(c -> (Command.Launch) c)
        .toList();
  }

  private static AttemptStatus status(Command.Launch l) {
    return new AttemptStatus(EPOCH, l.launch().attemptId(), l.workerId(), 1f, "", CountersSnapshot.EMPTY,
        l.endpoint());
  }

  /**
   * Random ends of many attempts (success, failure, a kill whose processes take a while to go,
   * a lost worker, a job killed), against a model of what still runs on each worker: an
   * attempt runs there from its launch until the worker reports its end, or the worker is lost.
   */
  @Test
  void noGpuIsEverHeldByTwoAttemptsThatMayBothRun() throws Exception {
    Random r = new Random(16);
    JobTracker jt = tracker(Double.NaN);
    Map<String, WorkerInfo> workers = new LinkedHashMap<>();
    workers.put("w1", worker("w1", 4, List.of("0"), Double.NaN));
    workers.put("w2", worker("w2", 4, List.of("0", "1"), Double.NaN));
    workers.put("w3", worker("w3", 8, List.of("0", "1", "2", "3"), Double.NaN));
    workers.put("w4", worker("w4", 4, List.of(), Double.NaN));
    workers.values().forEach(jt::workerJoined);
    // What runs on the workers, as they see it: attempt -> launch.
    Map<String, Command.Launch> running = new LinkedHashMap<>();
    Set<String> killedNotReported = new HashSet<>();
    List<String> jobs = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      JobSpec spec = job(jt, 40, 0, Map.of("mapreduce.map.gpus", j == 2 ? "2" : "1"));
      jt.submit(spec);
      jobs.add(spec.jobId());
    }
    JobSpec cpuOnly = job(jt, 30, 0, Map.of());
    jt.submit(cpuOnly);
    int launched = 0;
    int maxConcurrentGpuAttempts = 0;
    for (int step = 0; step < 3_000 && (launched < 150 || !running.isEmpty()); step++) {
      for (Command c : jt.drainCommands()) {
        if (c instanceof Command.Launch l) {
          launched++;
          String w = l.workerId();
          int need = l.launch().kind() == io.quern.mapreduce.TaskKind.JOB_CLEANUP
              || l.launch().jobId().equals(cpuOnly.jobId()) ? 0 : l.launch().jobId().equals(jobs.get(2)) ? 2 : 1;
          assertEquals(need, l.launch().gpus().size(), l.launch().attemptId() + " got " + l.launch().gpus());
          assertTrue(workers.get(w).gpus().containsAll(l.launch().gpus()), l.launch().gpus() + " not all on " + w);
          for (Command.Launch other : running.values()) {
            if (other.workerId().equals(w)) {
              for (String g : l.launch().gpus()) {
                assertTrue(!other.launch().gpus().contains(g), "GPU " + g + " of " + w + " given to "
                    + l.launch().attemptId() + " while " + other.launch().attemptId() + " may still run");
              }
            }
          }
          running.put(l.launch().attemptId(), l);
        } else if (c instanceof Command.Kill k && running.containsKey(k.attempt().toString())) {
          killedNotReported.add(k.attempt().toString());
        }
      }
      maxConcurrentGpuAttempts = Math.max(maxConcurrentGpuAttempts,
          (int) running.values().stream().filter(l -> !l.launch().gpus().isEmpty()).count());
      if (running.isEmpty()) {
        now += 1_000;
        jt.tick();
        continue;
      }
      List<String> ids = new ArrayList<>(running.keySet());
      String id = ids.get(r.nextInt(ids.size()));
      Command.Launch l = running.get(id);
      int what = r.nextInt(100);
      now += r.nextInt(50);
      if (killedNotReported.contains(id)) {
        // The worker's report that the killed attempt's processes are gone.
        if (what < 60) {
          running.remove(id);
          killedNotReported.remove(id);
          jt.attemptFailed(status(l), "killed", true);
        }
      } else if (what < 55) {
        running.remove(id);
        jt.attemptSucceeded(status(l));
      } else if (what < 75) {
        running.remove(id);
        jt.attemptFailed(status(l), "exit 1", false);
      } else if (what < 92) {
        jt.killAttempt(id, r.nextBoolean()); // the processes still run until the report
      } else if (what < 97) {
        String lost = l.workerId();
        running.values().removeIf(x -> x.workerId().equals(lost));
        killedNotReported.removeIf(x -> !running.containsKey(x));
        jt.workerLost(lost);
        jt.workerJoined(workers.get(lost));
      } else {
        jt.tick();
      }
    }
    assertTrue(launched >= 150, "enough attempts ran to mean something: " + launched);
    assertTrue(maxConcurrentGpuAttempts >= 5, "attempts used GPUs side by side: " + maxConcurrentGpuAttempts);
  }

  @Test
  void aKilledAttemptsGpuGoesOnOnceItsEndIsReportedOrTheWaitForTheReportRunsOut() throws Exception {
    JobTracker jt = tracker(Double.NaN);
    jt.workerJoined(worker("w1", 4, List.of("7"), Double.NaN));
    jt.submit(job(jt, 3, 0, Map.of("mapreduce.map.gpus", "1")));
    List<Command.Launch> first = launches(jt);
    assertEquals(1, first.size(), "one GPU, one attempt at a time despite four slots");
    assertEquals(List.of("7"), first.get(0).launch().gpus());
    jt.killAttempt(first.get(0).launch().attemptId(), false);
    assertTrue(launches(jt).isEmpty(), "the killed attempt may still run: its GPU waits for the report");
    jt.attemptFailed(status(first.get(0)), "killed", true);
    List<Command.Launch> second = launches(jt);
    assertEquals(1, second.size());
    assertEquals(List.of("7"), second.get(0).launch().gpus());
    // A kill whose report never comes: the GPU is taken as free after the wait.
    jt.killAttempt(second.get(0).launch().attemptId(), false);
    now += GpuLedger.KILL_CONFIRM_MILLIS - 1;
    jt.tick();
    assertTrue(launches(jt).isEmpty());
    now += 1;
    jt.tick();
    assertEquals(1, launches(jt).size());
  }

  @Test
  void tasksNeedingMoreGpusThanAnyWorkerWaitAndSaySoWhileOthersRun() throws Exception {
    JobTracker jt = tracker(Double.NaN);
    jt.workerJoined(worker("w1", 4, List.of("0"), Double.NaN));
    JobSpec big = job(jt, 2, 0, Map.of("mapreduce.map.gpus", "2"));
    jt.submit(big);
    JobSpec small = job(jt, 2, 0, Map.of());
    jt.submit(small);
    List<Command.Launch> l = launches(jt);
    assertEquals(2, l.size());
    assertTrue(l.stream().allMatch(x -> x.launch().jobId().equals(small.jobId())));
    assertEquals("waiting for a worker with 2 GPUs for each map (the most any live worker offers is 1)",
        jt.status(big.jobId()).note());
    jt.workerJoined(worker("w2", 4, List.of("0", "1"), Double.NaN));
    List<Command.Launch> onW2 = launches(jt);
    assertEquals(1, onW2.size());
    assertEquals(List.of("0", "1"), onW2.get(0).launch().gpus());
    assertNull(jt.status(big.jobId()).note());
    assertThrows(JobSubmissionException.class, () -> jt.submit(job(jt, 1, 0, Map.of("mapreduce.map.gpus", "-1"))));
  }

  @Test
  void aWorkerOverTheLoadLimitGetsNoNewTask() throws Exception {
    JobTracker jt = tracker(4.0);
    jt.workerJoined(worker("busy", 4, List.of(), 6.5));
    jt.workerJoined(worker("idle", 1, List.of(), 0.5));
    jt.submit(job(jt, 3, 0, Map.of()));
    List<Command.Launch> l = launches(jt);
    assertEquals(List.of("idle"), l.stream().map(Command.Launch::workerId).toList());
    jt.workerJoined(worker("busy", 4, List.of(), 3.9));
    assertEquals(2, launches(jt).size(), "under the limit again, it takes the rest");
  }

  @Test
  void attemptEndsAreNumberedEventsInTheOrderTheyHappened() throws Exception {
    JobTracker jt = tracker(Double.NaN);
    jt.workerJoined(worker("w1", 3, List.of(), Double.NaN));
    JobSpec spec = job(jt, 3, 0, Map.of("mapred.map.max.attempts", "1"));
    jt.submit(spec);
    List<Command.Launch> l = launches(jt);
    now += 2_500;
    jt.attemptSucceeded(status(l.get(1)));
    jt.killAttempt(l.get(2).launch().attemptId(), false);
    assertEquals(2, jt.taskCompletionEvents(spec.jobId(), 0, 100).size(), "events while the job runs");
    now += 500;
    jt.attemptFailed(status(l.get(0)), "exit 1", false);
    List<TaskCompletionEvent> events = jt.taskCompletionEvents(spec.jobId(), 0, 100);
    Map<String, TaskCompletionEvent.Status> got = new LinkedHashMap<>();
    events.forEach(e -> got.put(e.getTaskAttemptId().toString(), e.getStatus()));
    Map<String, TaskCompletionEvent.Status> expected = new LinkedHashMap<>();
    expected.put(l.get(1).launch().attemptId(), TaskCompletionEvent.Status.SUCCEEDED);
    expected.put(l.get(2).launch().attemptId(), TaskCompletionEvent.Status.KILLED);
    expected.put(l.get(0).launch().attemptId(), TaskCompletionEvent.Status.TIPFAILED);
    // The killed task's second attempt, killed when the failed task ended the job.
    String retry = l.get(2).launch().attemptId().replaceAll("_\\d+$", "_") ;
    assertEquals(4, events.size(), events.toString());
    assertTrue(events.get(3).getTaskAttemptId().toString().startsWith(retry), events.get(3).toString());
    expected.put(events.get(3).getTaskAttemptId().toString(), TaskCompletionEvent.Status.KILLED);
    assertEquals(expected, got);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).getEventId());
      assertEquals("w1", events.get(i).getWorkerId());
    }
    assertEquals(2_500, events.get(0).getTaskRunTime());
    assertEquals(3_000, events.get(2).getTaskRunTime());
    assertEquals(events.subList(2, 4), jt.taskCompletionEvents(spec.jobId(), 2, 100));
    assertEquals(List.of(events.get(1)), jt.taskCompletionEvents(spec.jobId(), 1, 1));
    assertEquals(JobState.FAILED, jt.status(spec.jobId()).state());
  }
}
