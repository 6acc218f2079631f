package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.memory.InMemoryCoordination;
import io.quern.cluster.memory.InMemoryZooKeeper;
import io.quern.conf.Configuration;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.TaskType;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.NotLeaderException;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.testutil.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership and recovery of two masters on an in-memory backend, in-process (a MasterDaemon
 * would add only its RMI server, which {@link Endpoints} stand in for here): the leader's session
 * expires mid-job while it is paused, the standby takes over with a higher epoch and carries on
 * from the tasks recorded as finished, and what the old leader still does is refused as stale.
 */
class MasterTakeoverTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private final InMemoryZooKeeper zk = new InMemoryZooKeeper();
  private final InMemoryJobStore.Jobs jobs = new InMemoryJobStore.Jobs(zk);
  private final InProcessWorker worker = new InProcessWorker("w1", new HostPort("10.0.0.2", 9020));
  private final List<Master> masters = new ArrayList<>();
  private Configuration conf;

  /** One master as its daemon wires it, with the RMI endpoints' objects called directly. */
  private record Master(MasterNode node, InMemoryCoordination session, JobStore store,
      Endpoints.Submission client, Endpoints.Umbilical umbilical) {}

  @BeforeEach
  void cluster() throws Exception {
    conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set(io.quern.mapreduce.history.JobHistoryFiles.DIR_KEY, dir.resolve("history").toString());
    conf.set(SchedulerSettings.NODE_WAIT, "0ms");
    conf.set(SchedulerSettings.RACK_WAIT, "0ms");
    conf.setBoolean(SchedulerSettings.SPECULATIVE_MAPS, false);
    conf.setBoolean(SchedulerSettings.SPECULATIVE_REDUCES, false);
    conf.setFloat(SchedulerSettings.SLOWSTART, 1f); // the reduce waits for every map
    worker.register(zk.connect(), 3);
    zk.connect().membership().register(new NodeInfo("namenode", Role.NAMENODE, new HostPort("10.0.0.1", 9000),
        "/default-rack", Map.of()));
  }

  /** Each master as its daemon closes: the node, then its session; then the others' sessions. */
  @AfterEach
  void close() {
    for (Master m : masters) {
      m.session().resume();
      m.node().close();
      m.session().close();
    }
    zk.close();
  }

  private Master master(String host) throws Exception {
    return master(host, jobs.store());
  }

  private Master master(String host, JobStore store) throws Exception {
    InMemoryCoordination session = zk.connect();
    MasterNode node = new MasterNode(conf, new MasterBackend(session, store), SchedulerSettings.fromConf(conf),
        RackResolver.create(conf), worker::lookup);
    Master m = new Master(node, session, store,
        new Endpoints.Submission(node.loop(), store, RackResolver.create(conf), JobSubmissionProtocol.MAX_STATUS_WAIT_MILLIS),
        new Endpoints.Umbilical(node.loop(), store));
    masters.add(m);
    node.join(new HostPort(host, 9001));
    return m;
  }

  private JobSpec job(String jobId) {
    List<SplitInfo> splits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      splits.add(new SplitInfo(i, "S", new byte[0], 100, List.of(worker.endpoint.host())));
    }
    return new JobSpec(jobId, "takeover", "alice", 0, new byte[0], "/jar", dir.resolve("staging").toString(),
        splits, 1);
  }

  private List<TaskRecord> recorded(String jobId) {
    return jobs.store().load().stream().filter(s -> s.spec().jobId().equals(jobId))
        .flatMap(s -> s.finished().stream()).toList();
  }

  private long recoveredMaps(Master m, String jobId) throws Exception {
    return m.client().counters(jobId).value(JobCounter.class.getName(), JobCounter.RECOVERED_MAPS.name());
  }

  /** Whether the master's loop refuses calls, as it does with no tracker. */
  private static boolean steppedDown(Master m) {
    try {
      m.client().list();
      return false;
    } catch (NotLeaderException e) {
      return true;
    } catch (java.rmi.RemoteException e) {
      throw new AssertionError("the master's loop failed", e);
    }
  }

  @Test
  void theStandbyTakesOverMidJobFromTheRecordedTasksAndTheOldLeadersWritesAreRefused() throws Exception {
    Master a = master("10.0.0.10");
    // Leading (the election's word) comes just before serving (the loop's tables are rebuilt).
    Wait.until("a serves as the leader", PATIENCE, () -> a.node().isLeader() && !steppedDown(a));
    Master b = master("10.0.0.11");
    long first = zk.epoch();

    String jobId = a.client().newJobId();
    a.client().submit(job(jobId));
    Wait.until("three maps launched", PATIENCE, () -> worker.launched(TaskKind.MAP, first).size() == 3);
    List<TaskLaunch> maps = worker.launched(TaskKind.MAP, first);
    a.umbilical().done(worker.succeeded(maps.get(0)));
    a.umbilical().done(worker.succeeded(maps.get(1)));
    Wait.until("two maps recorded", PATIENCE, () -> recorded(jobId).size() == 2);

    // a stops (as under SIGSTOP) past its session timeout: ZooKeeper's side expires it, a hears nothing.
    a.session().pause();
    a.session().expire();
    Wait.until("b leads", PATIENCE, b.node()::isLeader);
    long second = zk.epoch();
    assertTrue(second > first, second + " after " + first);
    Wait.until("b runs the map left", PATIENCE, () -> worker.launched(TaskKind.MAP, second).size() == 1);
    TaskLaunch rerun = worker.launched(TaskKind.MAP, second).get(0);
    assertEquals(maps.get(2).partition(), rerun.partition(), "only the map not recorded runs again");
    assertEquals(2, b.client().status(jobId).mapsCompleted());
    assertEquals(2, recoveredMaps(b, jobId));

    // a still believes it leads: its job commit and its record of the third map are refused.
    assertTrue(a.node().isLeader(), "a has not heard of its expiry");
    String commit = new TaskAttemptID(new TaskID(JobID.forName(jobId), TaskType.JOB_CLEANUP, 0), 0).toString();
    assertThrows(StaleEpochException.class, () -> a.umbilical().canCommit(first, commit));
    a.umbilical().done(worker.succeeded(maps.get(2)));
    Wait.until("a steps down on the refused write", PATIENCE, () -> steppedDown(a));
    assertEquals(2, recorded(jobId).size(), "a's record of the third map was refused");
    assertThrows(FencedException.class, () -> a.store().recordTask(first, jobId, recorded(jobId).get(0)));

    // a resumes, hears of the expiry and stands by under a new session.
    a.session().resume();
    Wait.until("a registered again", PATIENCE, () -> b.session().membership().live(Role.MASTER).size() == 2);
    Wait.until("a told", PATIENCE, () -> !a.node().isLeader());
    assertTrue(b.node().isLeader());
    assertEquals(second, zk.epoch(), "no leadership moved when a came back");

    // b finishes the job under its own epoch.
    b.umbilical().done(worker.succeeded(rerun));
    Wait.until("the reduce launched", PATIENCE, () -> worker.launched(TaskKind.REDUCE, second).size() == 1);
    b.umbilical().done(worker.succeeded(worker.launched(TaskKind.REDUCE, second).get(0)));
    Wait.until("the job's commit launched", PATIENCE,
        () -> worker.launched(TaskKind.JOB_CLEANUP, second).size() == 1);
    TaskLaunch cleanup = worker.launched(TaskKind.JOB_CLEANUP, second).get(0);
    assertEquals(JobState.SUCCEEDED, cleanup.jobEnd());
    assertTrue(b.umbilical().canCommit(second, cleanup.attemptId()));
    b.umbilical().done(worker.succeeded(cleanup));
    assertEquals(JobState.SUCCEEDED, b.client().status(jobId).state());
    assertEquals(2, recoveredMaps(b, jobId));
    Wait.until("the job forgotten by the store", PATIENCE, () -> jobs.store().load().isEmpty());
    Wait.until("the worker told to clean up", PATIENCE, () -> worker.jobsFinished.contains(jobId + "@" + second));
  }

  @Test
  void aClientWaitingOnItsJobHearsEachChangeTheEndAndTheLeadersStepDownAtOnce() throws Exception {
    Master a = master("10.0.0.10");
    Wait.until("a serves as the leader", PATIENCE, () -> a.node().isLeader() && !steppedDown(a));
    Master b = master("10.0.0.11");
    long first = zk.epoch();
    String jobId = a.client().newJobId();
    a.client().submit(job(jobId));
    Wait.until("three maps launched", PATIENCE, () -> worker.launched(TaskKind.MAP, first).size() == 3);
    List<TaskLaunch> maps = worker.launched(TaskKind.MAP, first);
    java.util.concurrent.ExecutorService client = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      // Every wait here is far longer than the test's patience: only a change may end it.
      io.quern.mapreduce.JobStatusReport seen = a.client().status(jobId);
      assertEquals(seen, a.client().awaitStatus(jobId, seen, 0), "no wait, no change");
      io.quern.mapreduce.JobStatusReport before = seen;
      java.util.concurrent.Future<io.quern.mapreduce.JobStatusReport> change =
          client.submit(() -> a.client().awaitStatus(jobId, before, 60_000));
      Wait.until("the client waits", PATIENCE, () -> a.node().loop().waiters().waiting() == 1);
      a.umbilical().done(worker.succeeded(maps.get(0)));
      seen = change.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, seen.mapsCompleted());

      // a loses its session: it steps down, and its waiter hears so at once (to ask the new leader).
      io.quern.mapreduce.JobStatusReport atStepDown = seen;
      java.util.concurrent.Future<io.quern.mapreduce.JobStatusReport> refused =
          client.submit(() -> a.client().awaitStatus(jobId, atStepDown, 60_000));
      Wait.until("the client waits", PATIENCE, () -> a.node().loop().waiters().waiting() == 1);
      a.session().expire();
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> refused.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof NotLeaderException, e.toString());

      // b finishes the job; the client waiting on b hears the end the moment it happens.
      Wait.until("b leads", PATIENCE, () -> b.node().isLeader() && !steppedDown(b));
      long second = zk.epoch();
      long recovered = recoveredMaps(b, jobId); // the map a recorded as done, if its write went out in time
      Wait.until("b runs the maps left", PATIENCE, () -> worker.launched(TaskKind.MAP, second).size() == 3 - recovered);
      for (TaskLaunch map : worker.launched(TaskKind.MAP, second)) {
        b.umbilical().done(worker.succeeded(map));
      }
      Wait.until("the reduce launched", PATIENCE, () -> worker.launched(TaskKind.REDUCE, second).size() == 1);
      b.umbilical().done(worker.succeeded(worker.launched(TaskKind.REDUCE, second).get(0)));
      Wait.until("the job's commit launched", PATIENCE,
          () -> worker.launched(TaskKind.JOB_CLEANUP, second).size() == 1);
      TaskLaunch cleanup = worker.launched(TaskKind.JOB_CLEANUP, second).get(0);
      assertTrue(b.umbilical().canCommit(second, cleanup.attemptId()));
      io.quern.mapreduce.JobStatusReport committing = b.client().status(jobId);
      java.util.concurrent.Future<io.quern.mapreduce.JobStatusReport> end =
          client.submit(() -> b.client().awaitStatus(jobId, committing, 60_000));
      Wait.until("the client waits", PATIENCE, () -> b.node().loop().waiters().waiting() == 1);
      b.umbilical().done(worker.succeeded(cleanup));
      assertEquals(JobState.SUCCEEDED, end.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).state());
      assertEquals(0, b.node().loop().waiters().waiting());
    } finally {
      client.shutdownNow();
    }
  }

  /** A job store whose removals fail, as when ZooKeeper is cut off just as a job ends. */
  private static final class UnremovableJobs implements JobStore {
    private final JobStore store;

    UnremovableJobs(JobStore store) {
      this.store = store;
    }

    @Override
    public void save(JobSpec spec) throws java.io.IOException {
      store.save(spec);
    }

    @Override
    public void recordTask(long epoch, String jobId, TaskRecord task) throws java.io.IOException {
      store.recordTask(epoch, jobId, task);
    }

    @Override
    public void remove(long epoch, String jobId) throws java.io.IOException {
      throw new java.io.IOException("ZooKeeper is out of reach");
    }

    @Override
    public void lead(long epoch) throws java.io.IOException {
      store.lead(epoch);
    }

    @Override
    public void checkEpoch(long epoch) throws java.io.IOException {
      store.checkEpoch(epoch);
    }

    @Override
    public List<Saved> load() throws java.io.IOException {
      return store.load();
    }
  }

  @Test
  void aLeaderTakingOverACommittedJobThatWasNotForgottenEndsItAsSucceededWithoutCommittingAgain() throws Exception {
    Master a = master("10.0.0.10", new UnremovableJobs(jobs.store()));
    Wait.until("a serves as the leader", PATIENCE, () -> a.node().isLeader() && !steppedDown(a));
    Master b = master("10.0.0.11");
    long first = zk.epoch();

    String jobId = a.client().newJobId();
    a.client().submit(job(jobId));
    Wait.until("three maps launched", PATIENCE, () -> worker.launched(TaskKind.MAP, first).size() == 3);
    for (TaskLaunch map : worker.launched(TaskKind.MAP, first)) {
      a.umbilical().done(worker.succeeded(map));
    }
    Wait.until("the reduce launched", PATIENCE, () -> worker.launched(TaskKind.REDUCE, first).size() == 1);
    a.umbilical().done(worker.succeeded(worker.launched(TaskKind.REDUCE, first).get(0)));
    Wait.until("the job's commit launched", PATIENCE, () -> worker.launched(TaskKind.JOB_CLEANUP, first).size() == 1);
    TaskLaunch commit = worker.launched(TaskKind.JOB_CLEANUP, first).get(0);
    assertTrue(a.umbilical().canCommit(first, commit.attemptId()));
    a.umbilical().done(worker.succeeded(commit));
    assertEquals(JobState.SUCCEEDED, a.client().status(jobId).state());
    // The job's removal failed: it stays recorded, with its commit.
    Wait.until("the commit recorded", PATIENCE,
        () -> recorded(jobId).stream().anyMatch(r -> r.attemptId().equals(commit.attemptId())));

    a.session().pause();
    a.session().expire();
    Wait.until("b leads", PATIENCE, b.node()::isLeader);
    long second = zk.epoch();
    Wait.until("b forgot the job", PATIENCE, () -> jobs.store().load().isEmpty());
    assertEquals(JobState.SUCCEEDED, b.client().status(jobId).state());
    assertEquals(List.of(), worker.launched(TaskKind.JOB_CLEANUP, second), "b committed the job again");
    assertEquals(List.of(), worker.launched(TaskKind.MAP, second));
    assertEquals(List.of(), worker.launched(TaskKind.REDUCE, second));
    Wait.until("the worker told to clean up", PATIENCE, () -> worker.jobsFinished.contains(jobId + "@" + second));
  }
}
