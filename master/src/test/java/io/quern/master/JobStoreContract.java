package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.mapreduce.SplitInfo;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.JobSpec;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What masters rely on from their {@link JobStore}, asserted alike for {@link ZkJobStore} and
 * {@link InMemoryJobStore}: jobs and finished tasks survive the master that recorded them, and
 * once an election hands out a newer epoch every write of an older leader is refused.
 */
abstract class JobStoreContract {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private int masters;

  /** A new master's backend on the cluster every master of this test shares. */
  protected abstract MasterBackend connect() throws Exception;

  /** Stops what the backends run on, once they are all closed. */
  protected abstract void stopService() throws Exception;

  @AfterEach
  void closeMasters() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    stopService();
  }

  /** A master of the test: its backend, and its election once it stands. */
  final class Master {
    final MasterBackend backend = connect();
    final HostPort self = new HostPort("127.0.0." + ++masters, 9001);
    LeaderElection election;

    Master() throws Exception {
      opened.add(backend);
    }

    JobStore store() {
      return backend.store();
    }

    /** Stands for election and waits for leadership; the store leads with the epoch granted, as a master does. */
    long lead() throws Exception {
      stand();
      Wait.until(self + " to lead", PATIENCE, election::isLeader);
      store().lead(election.epoch());
      return election.epoch();
    }

    void stand() throws Exception {
      election = backend.coordination().masterElection(self);
      opened.add(election);
      election.start(new LeaderContender() {
        @Override
        public void grantLeadership(long epoch) {}

        @Override
        public void revokeLeadership() {}
      });
    }
  }

  private JobSpec spec(int n) {
    String id = String.format("job_20261123000000e1_%04d", n);
    return new JobSpec(id, "wc", "alice", 0, new byte[0], "/jar", dir.resolve("staging/" + n).toString(),
        List.of(new SplitInfo(0, "S", new byte[] {1}, 1, List.of("h1")), new SplitInfo(1, "S", new byte[] {2}, 1,
            List.of("h2"))), 1);
  }

  private static TaskRecord map(JobSpec spec, int m, int attempt) {
    String task = spec.jobId().replace("job_", "task_") + String.format("_m_%06d", m);
    return new TaskRecord(task, task.replace("task_", "attempt_") + "_" + attempt, "w1", "h1:9030", 1_000L * m,
        1_000L * m + 500, "NODE", new io.quern.mapreduce.CountersSnapshot(java.util.Map.of("io.quern.mapreduce.TaskCounter",
            java.util.Map.of("MAP_OUTPUT_RECORDS", 10L + m))));
  }

  private static List<String> ids(List<JobStore.Saved> saved) {
    return saved.stream().map(s -> s.spec().jobId()).toList();
  }

  private static List<TaskRecord> finished(List<JobStore.Saved> saved, JobSpec spec) {
    return saved.stream().filter(s -> s.spec().jobId().equals(spec.jobId())).findFirst().orElseThrow().finished()
        .stream().sorted(Comparator.comparing(TaskRecord::taskId)).toList();
  }

  @Test
  void jobsAndTheirFinishedTasksOutliveTheMasterThatRecordedThem() throws Exception {
    Master first = new Master();
    long epoch = first.lead();
    JobSpec a = spec(1);
    JobSpec b = spec(2);
    first.store().save(b);
    first.store().save(a);
    first.store().recordTask(epoch, a.jobId(), map(a, 0, 0));
    first.store().recordTask(epoch, a.jobId(), map(a, 1, 0));
    // A task recorded again (a map run again after its output was lost) keeps the latest record.
    first.store().recordTask(epoch, a.jobId(), map(a, 1, 1));

    List<JobStore.Saved> saved = new Master().store().load();
    assertEquals(List.of(a.jobId(), b.jobId()), ids(saved), "oldest first");
    assertEquals(List.of(map(a, 0, 0), map(a, 1, 1)), finished(saved, a));
    assertEquals(List.of(), finished(saved, b));
    JobSpec loaded = saved.get(0).spec();
    assertEquals(a.user(), loaded.user());
    assertEquals(a.stagingDir(), loaded.stagingDir());
    assertEquals(List.of("h2"), loaded.splits().get(1).hosts());
  }

  @Test
  void onceANewerLeaderTookItsEpochTheOldLeadersWritesAreRefused() throws Exception {
    Master old = new Master();
    Master next = new Master();
    long oldEpoch = old.lead();
    JobSpec job = spec(1);
    old.store().save(job);
    old.store().recordTask(oldEpoch, job.jobId(), map(job, 0, 0));
    next.stand();
    // The old leader's election ends (its session could as well); its store is not told.
    old.election.close();
    Wait.until("the next master to lead", PATIENCE, next.election::isLeader);
    long newEpoch = next.election.epoch();
    assertTrue(newEpoch > oldEpoch, newEpoch + " after " + oldEpoch);
    next.store().lead(newEpoch);

    assertThrows(FencedException.class, () -> old.store().recordTask(oldEpoch, job.jobId(), map(job, 1, 0)));
    assertThrows(FencedException.class, () -> old.store().checkEpoch(oldEpoch));
    assertThrows(FencedException.class, () -> old.store().remove(oldEpoch, job.jobId()));
    assertThrows(FencedException.class, () -> old.store().lead(oldEpoch));
    List<JobStore.Saved> saved = next.store().load();
    assertEquals(List.of(job.jobId()), ids(saved), "the old leader's removal did not happen");
    assertEquals(List.of(map(job, 0, 0)), finished(saved, job), "nor its record");

    next.store().checkEpoch(newEpoch);
    next.store().recordTask(newEpoch, job.jobId(), map(job, 1, 0));
    assertEquals(List.of(map(job, 0, 0), map(job, 1, 0)), finished(next.store().load(), job));
    next.store().remove(newEpoch, job.jobId());
    assertEquals(List.of(), next.store().load());
  }

  @Test
  void onlyTheEpochLedWithIsCurrent() throws Exception {
    Master m = new Master();
    JobSpec job = spec(1);
    m.store().save(job);
    assertThrows(IOException.class, () -> m.store().lead(1), "no epoch taken yet");
    assertThrows(FencedException.class, () -> m.store().recordTask(1, job.jobId(), map(job, 0, 0)),
        "not leading yet");
    long epoch = m.lead();
    assertThrows(FencedException.class, () -> m.store().lead(epoch + 1));
    assertThrows(FencedException.class, () -> m.store().checkEpoch(epoch + 1));
    assertThrows(FencedException.class, () -> m.store().recordTask(epoch + 1, job.jobId(), map(job, 0, 0)));
    assertThrows(FencedException.class, () -> m.store().remove(epoch - 1, job.jobId()));
    m.store().checkEpoch(epoch);
    assertEquals(List.of(), finished(m.store().load(), job));
  }

  @Test
  void aSubmissionNoLeaderAcceptedIsForgottenWithoutAnEpoch() throws Exception {
    Master m = new Master();
    JobSpec job = spec(1);
    m.store().save(job);
    assertThrows(IOException.class, () -> m.store().save(job), "a job is recorded once");
    m.store().remove(-1, job.jobId());
    assertEquals(List.of(), m.store().load());
    m.store().remove(-1, job.jobId());
    m.store().remove(5, job.jobId()); // gone already: nothing to refuse
  }

  @Test
  void aTaskOfAJobNotRecordedIsRefusedButNotAsStale() throws Exception {
    Master m = new Master();
    long epoch = m.lead();
    JobSpec job = spec(1);
    IOException e = assertThrows(IOException.class, () -> m.store().recordTask(epoch, job.jobId(), map(job, 0, 0)));
    assertTrue(!(e instanceof FencedException), e.toString());
  }

  @Test
  void aBatchLargerThanAZnodeHoldsIsRecordedWhole() throws Exception {
    Master m = new Master();
    long epoch = m.lead();
    JobSpec job = spec(1);
    m.store().save(job);
    // 3,000 records with 40 counters each: some 4 MB, four times what one ZooKeeper request carries.
    java.util.Map<String, Long> many = new java.util.TreeMap<>();
    for (int c = 0; c < 40; c++) {
      many.put("COUNTER_WITH_A_LONG_NAME_" + c, 1_000_000L + c);
    }
    List<TaskRecord> batch = new java.util.ArrayList<>();
    for (int t = 0; t < 3_000; t++) {
      String task = job.jobId().replace("job_", "task_") + String.format("_m_%06d", t);
      batch.add(new TaskRecord(task, task.replace("task_", "attempt_") + "_0", "w1", "h1:9030", t, t + 1, "RACK",
          new io.quern.mapreduce.CountersSnapshot(java.util.Map.of("io.quern.mapreduce.TaskCounter", many))));
    }
    m.store().recordTasks(epoch, job.jobId(), batch);
    assertEquals(batch, finished(new Master().store().load(), job));
  }
}
