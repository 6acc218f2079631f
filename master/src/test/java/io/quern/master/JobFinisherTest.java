package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.memory.InMemoryCoordination;
import io.quern.cluster.memory.InMemoryZooKeeper;
import io.quern.conf.Configuration;
import io.quern.mapreduce.SplitInfo;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.JobSpec;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's end-of-task records, written off its loop in batches, against a fenced in-memory store. */
class JobFinisherTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void aRefusedEpochDropsOnlyItsOwnRecordsNotANewerLeadsInTheSameBatch() throws Exception {
    try (InMemoryZooKeeper zk = new InMemoryZooKeeper();
        InMemoryCoordination session = zk.connect();
        MasterLoop loop = new MasterLoop((epoch, commands) -> { }, 60_000)) {
      InMemoryJobStore store = new InMemoryJobStore.Jobs(zk).store();
      JobSpec a = spec(1);
      JobSpec b = spec(2);
      store.save(a);
      store.save(b);
      HostPort self = new HostPort("127.0.0.1", 9001);
      long first = lead(session.masterElection(self), store);
      long second = lead(session.masterElection(self), store); // this master led again, with a newer epoch

      JobFinisher finisher = new JobFinisher(new Configuration(), () -> loop, store);
      try {
        // Both land in one batch (the first schedules the write, the second rides along), the refused one first.
        finisher.record(first, a.jobId(), map(a));
        finisher.record(second, b.jobId(), map(b));
        Wait.until("the newer lead's record written", PATIENCE, () -> !finished(store, b).isEmpty());
        assertEquals(List.of(map(b).taskId()), finished(store, b).stream().map(TaskRecord::taskId).toList());
        assertEquals(List.of(), finished(store, a), "a record of the refused epoch " + first + " was written");
      } finally {
        finisher.close();
      }
    }
  }

  /** Stands, waits for leadership, and leads the store with the epoch granted, as a master does. */
  private static long lead(LeaderElection election, JobStore store) throws Exception {
    election.start(new LeaderContender() {
      @Override
      public void grantLeadership(long epoch) {}

      @Override
      public void revokeLeadership() {}
    });
    Wait.until("leadership", PATIENCE, election::isLeader);
    long epoch = election.epoch();
    store.lead(epoch);
    election.close(); // the latch goes to the next election; the epoch stays this one's
    return epoch;
  }

  private static List<TaskRecord> finished(JobStore store, JobSpec spec) {
    List<JobStore.Saved> saved;
    try {
      saved = store.load();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return saved.stream().filter(s -> s.spec().jobId().equals(spec.jobId())).findFirst().orElseThrow()
        .finished();
  }

  private static JobSpec spec(int n) {
    String id = String.format("job_20261207000000e1_%04d", n);
    return new JobSpec(id, "wc", "alice", 0, new byte[0], "/jar", "/staging/" + n,
        List.of(new SplitInfo(0, "S", new byte[] {1}, 1, List.of("h1"))), 1);
  }

  private static TaskRecord map(JobSpec spec) {
    String task = spec.jobId().replace("job_", "task_") + "_m_000000";
    return new TaskRecord(task, task.replace("task_", "attempt_") + "_0", "w1", "h1:9030", 1_000L, 1_500L, "NODE",
        null);
  }
}
