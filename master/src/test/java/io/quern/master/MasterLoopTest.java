package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.SplitInfo;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.NotLeaderException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The loop answers only while leading, and hands each call's commands to the dispatcher in order. */
class MasterLoopTest {
  private static SchedulerSettings settings() {
    return new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3, 900_000, 300_000,
        new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
  }

  @Test
  void callsFailUntilTheMasterLeadsAndAfterItStepsDown() throws Exception {
    List<Command> dispatched = Collections.synchronizedList(new ArrayList<>());
    try (MasterLoop loop = new MasterLoop((epoch, c) -> dispatched.addAll(c), 60_000)) {
      ExecutionException before = assertThrows(ExecutionException.class, () -> loop.call(JobTracker::list).get());
      assertInstanceOf(NotLeaderException.class, before.getCause());

      JobTracker tracker = new JobTracker(3, "t", settings(), System::currentTimeMillis, h -> "/r");
      loop.lead(tracker).get();
      loop.call(t -> {
        t.workerJoined(new WorkerInfo("w1", "h1", "/r", "h1:1", 2, 0));
        return null;
      }).get();
      String id = loop.call(JobTracker::newJobId).get();
      loop.call(t -> t.submit(new JobSpec(id, "j", "u", 0, new byte[0], null, "/s",
          List.of(new SplitInfo(0, "S", new byte[0], 1, List.of("h1")),
              new SplitInfo(1, "S", new byte[0], 1, List.of("h1"))), 0))).get();
      List<Integer> launched = dispatched.stream().filter(c -> c instanceof Command.Launch)
          .map(c -> ((Command.Launch) c).launch().partition()).toList();
      assertEquals(List.of(0, 1), launched, "the submit's launches, in order");
      assertTrue(dispatched.stream().allMatch(c -> !(c instanceof Command.Launch l) || l.launch().epoch() == 3));

      loop.stepDown().get();
      ExecutionException after = assertThrows(ExecutionException.class, () -> loop.call(JobTracker::list).get());
      assertInstanceOf(NotLeaderException.class, after.getCause());
    }
  }

  @Test
  void aWriteRefusedForAnEpochLeftBehindDoesNotEndTheNewerOne() throws Exception {
    try (MasterLoop loop = new MasterLoop((epoch, c) -> { }, 60_000)) {
      loop.lead(new JobTracker(2, "t", settings(), System::currentTimeMillis, h -> "/r")).get();
      loop.stepDown(1, "a write of epoch 1 was refused").get();
      assertEquals(List.of(), loop.call(JobTracker::list).get(), "epoch 2 still leads");
      loop.stepDown(2, "a write of epoch 2 was refused").get();
      ExecutionException after = assertThrows(ExecutionException.class, () -> loop.call(JobTracker::list).get());
      assertInstanceOf(NotLeaderException.class, after.getCause());
    }
  }
}
