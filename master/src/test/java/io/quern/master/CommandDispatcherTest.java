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
    public void launch(TaskLaunch launch) {
      calls.add("launch " + launch.attemptId());
      hold();
    }

    @Override
    public void launchAll(List<TaskLaunch> launches) {
      calls.add("launchAll " + launches.stream().map(TaskLaunch::attemptId).toList());
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

  @Test
  void launchesQueuedBehindACallGoInOneCallAndNothingOvertakesAnother() throws Exception {
    SlowWorker worker = new SlowWorker();
    CommandDispatcher d = new CommandDispatcher(() -> null, null, at -> worker);
    try {
      d.dispatch(List.of(launch("w1", 0)));
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
      d.dispatch(more);
      worker.release.countDown();
      int last = 4 + CommandDispatcher.MAX_LAUNCHES_PER_CALL;
      Wait.until("five calls", Duration.ofSeconds(30), () -> worker.calls.size() >= 5);
      List<String> full = new ArrayList<>();
      for (int m = 4; m < last; m++) {
        full.add(attempt(m));
      }
      assertEquals(List.of(
          "launch " + attempt(0),
          "launchAll " + List.of(attempt(1), attempt(2), attempt(3)),
          "kill " + attempt(2),
          "launchAll " + full,
          "launch " + attempt(last)), worker.calls);
    } finally {
      d.close();
    }
  }
}
