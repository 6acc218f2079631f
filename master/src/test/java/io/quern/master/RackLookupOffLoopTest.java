package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.memory.InMemoryZooKeeper;
import io.quern.mapreduce.SplitInfo;
import io.quern.net.CachedDNSToSwitchMapping;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop thread never waits for the topology script: the racks of a submitted job's split
 * hosts are resolved on the submitting RMI thread, and the loop finds them cached.
 */
class RackLookupOffLoopTest {
  @Test
  void theRacksOfASubmittedJobsSplitHostsAreResolvedBeforeTheLoopSchedulesIt() throws Exception {
    List<String> askedOn = Collections.synchronizedList(new ArrayList<>());
    List<String> asked = Collections.synchronizedList(new ArrayList<>());
    // As a topology script answers (slowly, in a real one): dn1 and the worker's host share a rack.
    RackResolver racks = new RackResolver(new CachedDNSToSwitchMapping(hosts -> {
      askedOn.add(Thread.currentThread().getName());
      asked.addAll(hosts);
      return hosts.stream().map(h -> h.startsWith("dn1") ? "/r1" : "/r2").toList();
    }));
    List<Command> dispatched = Collections.synchronizedList(new ArrayList<>());
    try (InMemoryZooKeeper zk = new InMemoryZooKeeper();
        MasterLoop loop = new MasterLoop((epoch, c) -> dispatched.addAll(c), 60_000)) {
      SchedulerSettings settings = new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3,
          900_000, 300_000, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
      JobTracker tracker = new JobTracker(1, "t", settings, System::currentTimeMillis, racks::rackOf);
      tracker.workerJoined(new WorkerInfo("w1", "h1", "/r1", "h1:1", 2, 0));
      loop.lead(tracker).get();
      Endpoints.Submission client = new Endpoints.Submission(loop, new InMemoryJobStore.Jobs(zk).store(), racks,
          JobSubmissionProtocol.MAX_STATUS_WAIT_MILLIS);
      String id = client.newJobId();
      client.submit(new JobSpec(id, "j", "u", 0, new byte[0], "/jar", "/staging",
          List.of(new SplitInfo(0, "S", new byte[0], 1, List.of("dn1", "dn2"))), 0));

      List<Command.Launch> launches = dispatched.stream().filter(c -> c instanceof Command.Launch)
          .map(c -> (Command.Launch) c).toList();
      assertEquals(1, launches.size(), "the map went to the worker on its split's rack: " + dispatched);
      assertEquals(List.of("dn1", "dn2"), asked, "each split host asked about once");
      assertFalse(askedOn.contains("master-loop"), "asked on " + askedOn);
      assertTrue(loop.call(t -> t.status(id)).get().state() == io.quern.mapreduce.JobState.RUNNING);
    }
  }
}
