package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker's calls go out in the order decided, launches queued behind a call in one call. */
class CommandDispatcherTest {
  private static final String ENDPOINT = "h1:9020";

  /** Records each call it gets, as text; the first call waits until the test lets it through. */
  private static final class SlowWorker implements TaskLaunchProtocol {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstCallArrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    private void hold() {
      firstCallArrived.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void launch(List<TaskLaunch> launches, java.util.Map<String, byte[]> jobConfs) {
      calls.add("launch " + launches.stream().map(TaskLaunch::attemptId).toList());
      hold();
    }

    @Override
    public void kill(long epoch, String attemptId) {
      calls.add("kill " + attemptId);
    }

    @Override
    public void jobFinished(long epoch, String jobId) {
      calls.add("jobFinished " + jobId);
    }

    @Override
    public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) {
      return new byte[0];
    }
  }

  private static String attempt(int map) {
    return "attempt_t_0001_m_" + String.format("%06d", map) + "_0";
  }

  private static Command.Launch launch(String worker, int map) {
    return new Command.Launch(worker, ENDPOINT, new TaskLaunch(1, "job_t_0001", attempt(map), TaskKind.MAP, map, null,
        100, 0, null, "/jar", "me", null, List.of()));
  }

  /** Keeps the configurations sent as a worker does, and can forget them all, as a restarted worker. */
  private static final class ConfKeepingWorker implements TaskLaunchProtocol {
    final java.util.Map<String, byte[]> kept = new java.util.concurrent.ConcurrentHashMap<>();
    final List<java.util.Set<String>> confsPerCall = Collections.synchronizedList(new ArrayList<>());
    final List<TaskLaunch> started = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void launch(List<TaskLaunch> launches, java.util.Map<String, byte[]> jobConfs)
        throws io.quern.protocol.mapred.JobConfUnknownException {
      confsPerCall.add(new java.util.TreeSet<>(jobConfs.keySet()));
      kept.putAll(jobConfs);
      for (TaskLaunch l : launches) {
        if (l.jobConf() != null) {
          throw new AssertionError("a launch carried its job's configuration");
        }
        if (!kept.containsKey(l.jobId())) {
          throw new io.quern.protocol.mapred.JobConfUnknownException(l.jobId());
        }
      }
      launches.forEach(l -> started.add(l.withJobConf(kept.get(l.jobId()))));
    }

    @Override
    public void kill(long epoch, String attemptId) {}

    @Override
    public void jobFinished(long epoch, String jobId) {
      kept.remove(jobId);
    }

    @Override
    public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) {
      return new byte[0];
    }
  }

  private static Command.Launch launchOf(String job, int map, byte[] conf) {
    return new Command.Launch("w1", ENDPOINT, new TaskLaunch(1, job, "attempt_t_" + job.substring(6) + "_m_"
        + String.format("%06d", map) + "_0", TaskKind.MAP, map, null, 100, 0, conf, "/jar", "me", null, List.of()));
  }

  @Test
  void aJobsConfigurationGoesToAWorkerOnceAndAgainWhenTheWorkerLostIt() throws Exception {
    ConfKeepingWorker worker = new ConfKeepingWorker();
    CommandDispatcher d = new CommandDispatcher(() -> null, null, at -> worker);
    byte[] confA = {1, 2, 3};
    byte[] confB = {4, 5};
    try {
      d.dispatch(1, List.of(launchOf("job_t_0001", 0, confA)));
      Wait.until("the first launch", Duration.ofSeconds(30), () -> worker.started.size() == 1);
      d.dispatch(1, List.of(launchOf("job_t_0001", 1, confA)));
      Wait.until("two launches", Duration.ofSeconds(30), () -> worker.started.size() == 2);
      d.dispatch(1, List.of(launchOf("job_t_0002", 0, confB)));
      Wait.until("three launches", Duration.ofSeconds(30), () -> worker.started.size() == 3);
      d.dispatch(1, List.of(launchOf("job_t_0002", 1, confB)));
      Wait.until("four launches", Duration.ofSeconds(30), () -> worker.started.size() == 4);
      worker.kept.clear(); // the worker restarted
      d.dispatch(1, List.of(launchOf("job_t_0001", 2, confA)));
      Wait.until("five launches", Duration.ofSeconds(30), () -> worker.started.size() == 5);
      d.dispatch(1, List.of(new Command.CleanupJob(io.quern.mapreduce.JobID.forName("job_t_0001"),
          List.of(new WorkerInfo("w1", "h1", "/r", ENDPOINT, 2, 1))), launchOf("job_t_0001", 3, confA)));
      Wait.until("six launches", Duration.ofSeconds(30), () -> worker.started.size() == 6);
      assertEquals(List.of(java.util.Set.of("job_t_0001"), java.util.Set.of(), java.util.Set.of("job_t_0002"),
          java.util.Set.of(), java.util.Set.of(), java.util.Set.of("job_t_0001"), java.util.Set.of("job_t_0001")),
          worker.confsPerCall,
          "sent with the first launch per job, again after the refusal, and after the job's end");
      for (TaskLaunch l : worker.started) {
        assertTrue(java.util.Arrays.equals(l.jobId().equals("job_t_0001") ? confA : confB, l.jobConf()), l.toString());
      }
    } finally {
      d.close();
    }
  }

  @Test
  void launchesQueuedBehindACallGoInOneCallAndNothingOvertakesAnother() throws Exception {
    SlowWorker worker = new SlowWorker();
    CommandDispatcher d = new CommandDispatcher(() -> null, null, at -> worker);
    try {
      d.dispatch(1, List.of(launch("w1", 0)));
      assertTrue(worker.firstCallArrived.await(30, TimeUnit.SECONDS));
      // While the first call is on its way: more launches, a kill between them, more than one call holds.
      List<Command> more = new ArrayList<>();
      for (int m = 1; m <= 3; m++) {
        more.add(launch("w1", m));
      }
      more.add(new Command.Kill("w1", ENDPOINT, TaskAttemptID.forName(attempt(2))));
      for (int m = 4; m < 4 + CommandDispatcher.MAX_LAUNCHES_PER_CALL + 1; m++) {
        more.add(launch("w1", m));
      }
      d.dispatch(1, more);
      worker.release.countDown();
      int last = 4 + CommandDispatcher.MAX_LAUNCHES_PER_CALL;
      Wait.until("five calls", Duration.ofSeconds(30), () -> worker.calls.size() >= 5);
      List<String> full = new ArrayList<>();
      for (int m = 4; m < last; m++) {
        full.add(attempt(m));
      }
      assertEquals(List.of(
          "launch " + List.of(attempt(0)),
          "launch " + List.of(attempt(1), attempt(2), attempt(3)),
          "kill " + attempt(2),
          "launch " + full,
          "launch " + List.of(attempt(last))), worker.calls);
    } finally {
      d.close();
    }
  }

  /** Refuses any command of an epoch older than the newest it saw, as a worker does; records what it accepted. */
  private static final class EpochCheckingWorker implements TaskLaunchProtocol {
    final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private volatile long highest;

    EpochCheckingWorker(long highest) {
      this.highest = highest;
    }

    private void check(long epoch, String what) throws io.quern.protocol.mapred.StaleEpochException {
      if (epoch < highest) {
        refused.add(what + " of epoch " + epoch);
        throw new io.quern.protocol.mapred.StaleEpochException(epoch, highest);
      }
      highest = epoch;
      accepted.add(what + " of epoch " + epoch);
    }

    @Override
    public void launch(List<TaskLaunch> launches, java.util.Map<String, byte[]> jobConfs)
        throws io.quern.protocol.mapred.StaleEpochException {
      for (TaskLaunch l : launches) {
        check(l.epoch(), "launch " + l.attemptId());
      }
    }

    @Override
    public void kill(long epoch, String attemptId) throws io.quern.protocol.mapred.StaleEpochException {
      check(epoch, "kill " + attemptId);
    }

    @Override
    public void jobFinished(long epoch, String jobId) throws io.quern.protocol.mapred.StaleEpochException {
      check(epoch, "jobFinished " + jobId);
    }

    @Override
    public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) {
      return new byte[0];
    }
  }

  /**
   * Commands an epoch decided go out with that epoch, even once the master leads a newer one; a
   * worker's refusal of them as stale does not end the newer leadership (it would leave the master
   * holding the election with no tables, serving nothing, until its session ended).
   */
  @Test
  void commandsOfAnEpochLeftBehindGoOutWithItAndTheirRefusalDoesNotEndTheNewerOne() throws Exception {
    EpochCheckingWorker worker = new EpochCheckingWorker(2);
    try (MasterLoop loop = new MasterLoop((epoch, c) -> { }, 60_000)) {
      loop.lead(new JobTracker(2, "t", new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3,
          900_000, 300_000, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN), System::currentTimeMillis,
          h -> "/r")).get();
      CommandDispatcher d = new CommandDispatcher(() -> loop, null, at -> worker);
      try {
        // Decided by epoch 1, dispatched after epoch 2 began (queued behind a slow call, say).
        d.dispatch(1, List.of(launch("w1", 0), new Command.Kill("w1", ENDPOINT, TaskAttemptID.forName(attempt(1)))));
        d.dispatch(2, List.of(new Command.Kill("w1", ENDPOINT, TaskAttemptID.forName(attempt(5)))));
        // The lane sends in order: once the last call arrived, the earlier ones' outcomes were handed to the loop.
        Wait.until("the epoch 2 kill", Duration.ofSeconds(30), () -> worker.accepted.contains("kill " + attempt(5)
            + " of epoch 2"));
        assertEquals(List.of("launch " + attempt(0) + " of epoch 1", "kill " + attempt(1) + " of epoch 1"),
            worker.refused, "epoch 1's commands carry epoch 1");
        assertEquals(List.of(), loop.call(JobTracker::list).get(), "epoch 2 still leads");
      } finally {
        d.close();
      }
    }
  }
}
