package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskState;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.StaleEpochException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scheduling decisions of the master logic, driven directly with a fake clock. */
class JobTrackerTest {
  private static final long EPOCH = 7;
  private static final long NAMENODE_WAIT_MS = 300_000;
  private long now = 1_000;
  private final Map<String, String> racks = Map.of("h1", "/r1", "h2", "/r1", "h3", "/r2", "d9", "/r9");

  private SchedulerSettings settings(int maxAttempts, int blacklistAfter, boolean speculative) {
    return new SchedulerSettings(maxAttempts, maxAttempts, 0.05f, 1000, 1000, speculative, speculative,
        60_000, 0.2f, blacklistAfter, 3, 900_000, NAMENODE_WAIT_MS, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
  }

  private JobTracker tracker(SchedulerSettings s) {
    return new JobTracker(EPOCH, "test", s, () -> now, h -> racks.getOrDefault(h, "/default-rack"));
  }

  private JobTracker tracker() {
    return tracker(settings(4, 4, false));
  }

  private static WorkerInfo worker(String id, String host, String rack, int maps, int reduces) {
    return new WorkerInfo(id, host, rack, host + ":9020", maps, reduces);
  }

  private static JobSpec job(JobTracker jt, int reduces, List<List<String>> splitHosts) {
    List<SplitInfo> splits = new ArrayList<>();
    for (int i = 0; i < splitHosts.size(); i++) {
      splits.add(new SplitInfo(i, "S", new byte[0], 100, splitHosts.get(i)));
    }
    return new JobSpec(jt.newJobId(), "test", "me", 0, new byte[0], "/jar", "/staging", splits, reduces);
  }

  private static List<Command.Launch> launches(JobTracker jt) {
    return jt.drainCommands().stream().filter(c -> c instanceof Command.Launch)
        .map(c -> (Command.Launch) c).toList();
  }

  private static AttemptStatus status(Command.Launch l, float progress) {
    return new AttemptStatus(EPOCH, l.launch().attemptId(), l.workerId(), progress, "", CountersSnapshot.EMPTY,
        l.endpoint());
  }

  private static String task(Command.Launch l) {
    return l.launch().kind() + "" + l.launch().partition();
  }

  @Test
  void launchesCarryTheSubmitterAndASubmitterNoTokenCanNameIsRefused() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.submit(job(jt, 0, List.of(List.of("h1"))));
    assertEquals("me", launches(jt).get(0).launch().user());
    JobSpec base = job(jt, 0, List.of(List.of("h1")));
    JobSpec forged = new JobSpec(base.jobId(), "forged", "me,user=root", 0, new byte[0], "/jar", "/s",
        base.splits(), 0);
    io.quern.protocol.mapred.JobSubmissionException e = assertThrows(
        io.quern.protocol.mapred.JobSubmissionException.class, () -> jt.submit(forged));
    assertTrue(e.getMessage().contains("cannot run as its submitter"), e.getMessage());
  }

  @Test
  void mapsGoToTheWorkersHoldingTheirData() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h2"), List.of("h1")));
    jt.submit(spec);
    List<Command.Launch> l = launches(jt);
    assertEquals(2, l.size());
    for (Command.Launch launch : l) {
      String expectedWorker = launch.launch().partition() == 0 ? "w2" : "w1";
      assertEquals(expectedWorker, launch.workerId());
    }
    assertEquals(2, jt.counters(spec.jobId()).value(JobCounter.class.getName(), "DATA_LOCAL_MAPS"));
  }

  @Test
  void delaySchedulingWaitsForLocalityThenSettlesForRackThenAnywhere() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h2"), List.of("h2"), List.of("h2")));
    jt.submit(spec);
    assertEquals(1, launches(jt).size()); // w2 busy with one local map
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w3", "h3", "/r2", 1, 0));
    assertEquals(0, launches(jt).size(), "other workers wait for a node-local slot first");
    now += 1000;
    jt.tick();
    List<Command.Launch> rack = launches(jt);
    assertEquals(1, rack.size());
    assertEquals("w1", rack.get(0).workerId(), "after the node wait, the same-rack worker");
    now += 1000;
    jt.tick();
    List<Command.Launch> off = launches(jt);
    assertEquals(1, off.size());
    assertEquals("w3", off.get(0).workerId(), "after both waits, any worker");
    CountersSnapshot c = jt.counters(spec.jobId());
    assertEquals(1, c.value(JobCounter.class.getName(), "RACK_LOCAL_MAPS"));
    assertEquals(1, c.value(JobCounter.class.getName(), "OTHER_LOCAL_MAPS"));
  }

  @Test
  void splitsOnHostsWithoutWorkersDoNotWaitForLocality() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 2, 0));
    jt.submit(job(jt, 0, List.of(List.of("d9"), List.of("localhost"))));
    assertEquals(2, launches(jt).size());
  }

  @Test
  void reducesStartOnlyAfterTheSlowStartShareOfMaps() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 1));
    List<List<String>> hosts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      hosts.add(List.of("h1"));
    }
    jt.submit(job(jt, 1, hosts)); // 5% of 30 maps: 2 must finish first
    List<Command.Launch> first = launches(jt);
    assertEquals(List.of("MAP0"), first.stream().map(JobTrackerTest::task).toList());
    jt.attemptSucceeded(status(first.get(0), 1));
    List<Command.Launch> second = launches(jt);
    assertEquals(List.of("MAP1"), second.stream().map(JobTrackerTest::task).toList());
    jt.attemptSucceeded(status(second.get(0), 1));
    List<String> third = launches(jt).stream().map(JobTrackerTest::task).toList();
    assertTrue(third.contains("REDUCE0"), "reduce launched once 2 maps are done: " + third);
  }

  @Test
  void aJobsOwnSlowStartDecidesWhenItsReducesStart() throws Exception {
    JobTracker jt = tracker(); // the master's share: 5%
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 1));
    List<List<String>> hosts = List.of(List.of("h1"), List.of("h1"));
    JobSpec early = withConf(job(jt, 1, hosts), MRJobConfig.COMPLETED_MAPS_FOR_REDUCE_SLOWSTART, "0");
    jt.submit(early);
    List<String> first = launches(jt).stream().map(JobTrackerTest::task).toList();
    assertTrue(first.contains("MAP0") && first.contains("REDUCE0"), "the reduce starts with the maps: " + first);

    JobTracker jt2 = tracker();
    jt2.workerJoined(worker("w1", "h1", "/r1", 1, 1));
    JobSpec late = withConf(job(jt2, 1, hosts), SchedulerSettings.SLOWSTART, "1.0");
    jt2.submit(late);
    Command.Launch m0 = launches(jt2).get(0);
    jt2.attemptSucceeded(status(m0, 1));
    Command.Launch m1 = launches(jt2).get(0);
    assertEquals("MAP1", task(m1), "the reduce waits for every map");
    jt2.attemptSucceeded(status(m1, 1));
    assertEquals(List.of("REDUCE0"), launches(jt2).stream().map(JobTrackerTest::task).toList());

    JobTracker jt3 = tracker();
    JobSpec bad = withConf(job(jt3, 1, hosts), SchedulerSettings.SLOWSTART, "1.5");
    JobSubmissionException e = assertThrows(JobSubmissionException.class, () -> jt3.submit(bad));
    assertEquals(SchedulerSettings.SLOWSTART + " must be a fraction from 0 to 1, got 1.5", e.getMessage());
  }

  private static JobSpec withConf(JobSpec base, String key, String value) throws java.io.IOException {
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    conf.set(key, value);
    conf.writeXml(xml);
    return new JobSpec(base.jobId(), "slow start", "me", 0, xml.toByteArray(), null, "/s", base.splits(), 1);
  }

  @Test
  void failedAttemptsAreRetriedElsewhereThenFailTheJobWithTheReason() throws Exception {
    JobTracker jt = tracker(settings(3, 10, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch l = launches(jt).get(0);
    assertEquals("w1", l.workerId());
    jt.attemptFailed(status(l, 0.5f), "java.lang.IllegalStateException: bad record 17\n\tat X", false);
    Command.Launch retry = launches(jt).get(0);
    assertEquals("w2", retry.workerId(), "a retry avoids the worker where the task failed");
    jt.attemptFailed(status(retry, 0), "boom", false);
    Command.Launch third = launches(jt).get(0);
    jt.attemptFailed(status(third, 0), "java.lang.IllegalStateException: bad record 17", false);
    assertEquals(JobState.FAILED, jt.status(spec.jobId()).state());
    String reason = jt.status(spec.jobId()).failureReason();
    assertTrue(reason.contains("failed 3 times") && reason.contains("bad record 17"), reason);
    List<Command> after = jt.drainCommands();
    Command.Launch abort = after.stream().filter(c -> c instanceof Command.Launch).map(c -> (Command.Launch) c)
        .findFirst().orElseThrow(() -> new AssertionError("no abort task in " + after));
    assertEquals(io.quern.mapreduce.TaskKind.JOB_CLEANUP, abort.launch().kind());
    assertEquals(JobState.FAILED, abort.launch().jobEnd(), "a failed job's output is aborted, in a task");
    assertTrue(after.stream().noneMatch(c -> c instanceof Command.CleanupJob),
        "the workers keep the job's child until its abort has run");
    jt.attemptSucceeded(status(abort, 1));
    assertTrue(jt.drainCommands().stream().anyMatch(c -> c instanceof Command.CleanupJob));
  }

  @Test
  void aWorkerFailingRepeatedlyIsBlacklistedForTheJob() throws Exception {
    JobTracker jt = tracker(settings(4, 2, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 0, 0)); // live, but no slot yet
    JobSpec spec = job(jt, 0, List.of(List.of("h1"), List.of("h1"), List.of("h1")));
    jt.submit(spec);
    for (int i = 0; i < 2; i++) {
      Command.Launch l = launches(jt).get(0);
      jt.attemptFailed(status(l, 0), "disk full", false);
    }
    assertEquals(0, launches(jt).size(), "w1 failed twice for this job: no more attempts there");
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    now += 1000;
    jt.tick();
    List<Command.Launch> l = launches(jt);
    assertEquals(1, l.size());
    assertEquals("w2", l.get(0).workerId());
    assertEquals(JobState.RUNNING, jt.status(spec.jobId()).state());
  }

  @Test
  void aJobNeverBlacklistsEveryLiveWorker() throws Exception {
    JobTracker jt = tracker(settings(10, 1, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1"), List.of("h2")));
    jt.submit(spec);
    for (Command.Launch l : launches(jt)) {
      jt.attemptFailed(status(l, 0), "flaky", false);
    }
    assertEquals(2, launches(jt).size(), "with every worker over the limit, the limit is ignored");
  }

  @Test
  void aStragglerGetsABackupAttemptAndTheFirstFinisherWins() throws Exception {
    JobTracker jt = tracker(settings(4, 4, true));
    jt.workerJoined(worker("w1", "h1", "/r1", 2, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1"), List.of("h1"), List.of("h2")));
    jt.submit(spec);
    List<Command.Launch> l = launches(jt);
    assertEquals(3, l.size());
    Command.Launch slow = l.stream().filter(x -> x.launch().partition() == 0).findFirst().orElseThrow();
    for (Command.Launch x : l) {
      if (x != slow) {
        jt.attemptSucceeded(status(x, 1));
      }
    }
    jt.statusUpdate(status(slow, 0.1f));
    jt.drainCommands();
    now += 30_000;
    jt.tick();
    assertEquals(0, launches(jt).size(), "not before the speculative lag");
    now += 31_000;
    jt.tick();
    List<Command.Launch> backup = launches(jt);
    assertEquals(1, backup.size());
    assertEquals("w2", backup.get(0).workerId(), "the backup runs on another worker");
    assertEquals(0, backup.get(0).launch().partition());
    jt.attemptSucceeded(status(backup.get(0), 1));
    List<Command> after = jt.drainCommands();
    assertTrue(after.contains(new Command.Kill("w1", "h1:9020", io.quern.mapreduce.TaskAttemptID.forName(slow.launch().attemptId()))), after.toString());
    assertFalse(jt.statusUpdate(status(slow, 0.2f)), "the loser is told to stop");
  }

  @Test
  void aJobThatTurnsSpeculationOffGetsNoBackupAttempt() throws Exception {
    JobTracker jt = tracker(settings(4, 4, true));
    jt.workerJoined(worker("w1", "h1", "/r1", 2, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    conf.setBoolean(SchedulerSettings.SPECULATIVE_MAPS, false);
    conf.writeXml(xml);
    JobSpec base = job(jt, 0, List.of(List.of("h1"), List.of("h1"), List.of("h2")));
    JobSpec spec = new JobSpec(base.jobId(), "side effects", "me", 0, xml.toByteArray(), null, "/s", base.splits(), 0);
    jt.submit(spec);
    List<Command.Launch> l = launches(jt);
    Command.Launch slow = l.stream().filter(x -> x.launch().partition() == 0).findFirst().orElseThrow();
    for (Command.Launch x : l) {
      if (x != slow) {
        jt.attemptSucceeded(status(x, 1));
      }
    }
    jt.statusUpdate(status(slow, 0.1f));
    jt.drainCommands();
    now += 61_000;
    jt.tick();
    assertEquals(0, launches(jt).size(), "a straggler the cluster would back up, but the job said no");
  }

  /** Every property as written in {@code conf}, by name. */
  private static Map<String, String> raw(io.quern.conf.Configuration conf) {
    Map<String, String> out = new java.util.TreeMap<>();
    conf.forEach(e -> out.put(e.getKey(), conf.getRaw(e.getKey())));
    return out;
  }

  @Test
  void launchesCarryTheJobsXmlInBinaryFormAndTheCredentialsBesideItAlsoAfterATakeover() throws Exception {
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration();
    conf.set("mapreduce.job.name", "wörd count");
    conf.set(io.quern.security.SecretFile.KEY, "");
    conf.set("job.path", "${mapreduce.job.name}/out");
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    conf.writeXml(xml);
    io.quern.conf.Configuration asXml = new io.quern.conf.Configuration(false);
    asXml.addResource(new java.io.ByteArrayInputStream(xml.toByteArray()), "job.xml");
    byte[] credentials = {1, 2, 3};
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec base = job(jt, 0, List.of(List.of("h1")));
    JobSpec spec = new JobSpec(base.jobId(), "wc", "me", 0, xml.toByteArray(), "/jar", "/s", base.splits(), 0,
        credentials);
    jt.submit(spec);
    io.quern.protocol.mapred.TaskLaunch first = launches(jt).get(0).launch();
    io.quern.conf.Configuration sent = new io.quern.conf.Configuration(false).addBytes(first.jobConf(), "sent");
    assertEquals(raw(asXml), raw(sent));
    assertEquals("", sent.get(io.quern.security.SecretFile.KEY));
    assertEquals("wörd count/out", sent.get("job.path"));
    assertTrue(first.jobConf().length < xml.size() / 2, first.jobConf().length + " bytes, XML " + xml.size());
    assertTrue(java.util.Arrays.equals(credentials, first.credentials()));
    // The job store keeps the XML: a new leader reads the spec submitted, and its launches carry the same bytes.
    java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
    JobSpecCodec.write(spec, stored);
    JobSpec recovered = JobSpecCodec.read(new java.io.ByteArrayInputStream(stored.toByteArray()));
    assertTrue(java.util.Arrays.equals(xml.toByteArray(), recovered.confXml()));
    JobTracker next = new JobTracker(EPOCH + 1, "next", settings(4, 4, false), () -> now,
        h -> racks.getOrDefault(h, "/default-rack"));
    next.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    next.recover(recovered, List.of(), Map.of());
    assertTrue(java.util.Arrays.equals(first.jobConf(), launches(next).get(0).launch().jobConf()));
  }

  @Test
  void aSubmissionWhoseJobRecoveryAlreadyTookIsAnsweredWithThatJobAndAnotherIsRefused() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    // The master lost and regained the lead between recording the job and taking it: recovery took it first.
    jt.recover(spec, List.of(), Map.of());
    JobStatusReport again = jt.submit(spec);
    assertEquals(spec.jobId(), again.jobId());
    assertEquals(1, launches(jt).size(), "one job, launched once");
    JobSpec someoneElse = new JobSpec(spec.jobId(), "test", "mallory", 0, new byte[0], "/jar", "/staging",
        spec.splits(), 0);
    JobSubmissionException refused = assertThrows(JobSubmissionException.class, () -> jt.submit(someoneElse));
    assertTrue(refused.getMessage().contains("already submitted"), refused.getMessage());
  }

  @Test
  void aJobWithoutAConfigurationLaunchesWithoutOne() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.submit(job(jt, 0, List.of(List.of("h1"))));
    assertNull(launches(jt).get(0).launch().jobConf());
  }

  @Test
  void aLostWorkersRunningAttemptsAndNeededMapOutputsAreRescheduled() throws Exception {
    JobTracker jt = tracker(settings(4, 4, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 2, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 0, 1));
    JobSpec spec = job(jt, 1, List.of(List.of("h1"), List.of("h1")));
    jt.submit(spec);
    List<Command.Launch> maps = launches(jt);
    assertEquals(2, maps.size());
    jt.attemptSucceeded(status(maps.get(0), 1));
    Command.Launch reduce = launches(jt).get(0);
    assertEquals("w2", reduce.workerId());
    jt.workerLost("w1");
    List<MapOutputEvent> events = jt.mapOutputEvents(EPOCH, spec.jobId(), 0);
    assertEquals(2, events.size());
    assertTrue(events.get(1).obsolete(), "the lost map output is withdrawn");
    jt.workerJoined(worker("w3", "h3", "/r2", 2, 0));
    now += 5000;
    jt.tick();
    List<Command.Launch> rerun = launches(jt);
    assertEquals(List.of(0, 1), rerun.stream().map(x -> x.launch().partition()).sorted().toList());
    assertTrue(rerun.stream().allMatch(x -> x.workerId().equals("w3")));
    assertNotEquals(maps.get(0).launch().attemptId(), rerun.get(0).launch().attemptId());
  }

  @Test
  void exactlyOneAttemptMayCommitAndTheJobCommitsAtTheEnd() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch first = launches(jt).get(0);
    jt.killAttempt(first.launch().attemptId(), false);
    Command.Launch second = launches(jt).get(0);
    assertFalse(jt.canCommit(EPOCH, first.launch().attemptId()), "a killed attempt may not commit");
    assertTrue(jt.canCommit(EPOCH, second.launch().attemptId()));
    jt.attemptSucceeded(status(second, 1));
    Command.Launch commit = cleanupLaunch(jt);
    assertEquals(JobState.SUCCEEDED, commit.launch().jobEnd(), "the job's output is committed once all tasks are done");
    assertEquals(second.workerId(), commit.workerId(), "on the worker of the last task, whose child is warm");
    assertEquals(JobState.RUNNING, jt.status(spec.jobId()).state(), "running until the commit is done");
    assertTrue(jt.canCommit(EPOCH, commit.launch().attemptId()));
    jt.attemptSucceeded(status(commit, 1));
    assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state());
    assertTrue(jt.drainCommands().stream().anyMatch(c -> c instanceof Command.CleanupJob));
  }

  @Test
  void workersLearnWhichOfTheirJobsEndedOnlyOnceNothingOfThemRuns() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    String unknown = "job_19990101000000e1_0007";
    assertEquals(List.of(unknown), jt.endedJobs(EPOCH, List.of(spec.jobId(), unknown)),
        "a running job has not ended; one the master never knew (or retired) has");
    jt.attemptSucceeded(status(launches(jt).get(0), 1));
    Command.Launch commit = cleanupLaunch(jt);
    assertEquals(List.of(), jt.endedJobs(EPOCH, List.of(spec.jobId())), "not while its commit runs");
    assertTrue(jt.canCommit(EPOCH, commit.launch().attemptId()));
    jt.attemptSucceeded(status(commit, 1));
    assertEquals(List.of(spec.jobId()), jt.endedJobs(EPOCH, List.of(spec.jobId())));
    assertThrows(StaleEpochException.class, () -> jt.endedJobs(EPOCH - 1, List.of(spec.jobId())));
  }

  @Test
  void aKilledJobHasNotEndedForItsWorkersWhileItsAbortRuns() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    launches(jt);
    jt.killJob(spec.jobId());
    Command.Launch abort = cleanupLaunch(jt);
    assertEquals(JobState.KILLED, abort.launch().jobEnd());
    assertEquals(List.of(), jt.endedJobs(EPOCH, List.of(spec.jobId())), "its abort still runs on a worker");
    jt.attemptSucceeded(status(abort, 1));
    assertEquals(List.of(spec.jobId()), jt.endedJobs(EPOCH, List.of(spec.jobId())));
  }

  /** The job's cleanup task: its commit or abort, which runs the job's committer in a task JVM. */
  private static Command.Launch cleanupLaunch(JobTracker jt) {
    List<Command.Launch> l = launches(jt);
    assertEquals(1, l.size(), "one cleanup launch: " + l);
    assertEquals(io.quern.mapreduce.TaskKind.JOB_CLEANUP, l.get(0).launch().kind());
    return l.get(0);
  }

  @Test
  void aFailedCommitIsTriedElsewhereThenFailsTheJobAndAbortsItsOutput() throws Exception {
    JobTracker jt = tracker(settings(2, 10, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    jt.attemptSucceeded(status(launches(jt).get(0), 1));
    Command.Launch first = cleanupLaunch(jt);
    jt.workerLost(first.workerId());
    Command.Launch again = cleanupLaunch(jt);
    assertNotEquals(first.workerId(), again.workerId(), "a commit lost with its worker runs again elsewhere");
    jt.workerJoined(worker(first.workerId(), first.workerId().equals("w1") ? "h1" : "h2", "/r1", 1, 0));
    jt.attemptFailed(status(again, 0), "java.io.IOException: rename refused", false);
    Command.Launch third = cleanupLaunch(jt);
    assertNotEquals(again.workerId(), third.workerId(), "a failed commit is retried on another worker");
    assertEquals(JobState.RUNNING, jt.status(spec.jobId()).state());
    jt.attemptFailed(status(third, 0), "java.io.IOException: rename refused", false);
    JobStatusReport failed = jt.status(spec.jobId());
    assertEquals(JobState.FAILED, failed.state());
    assertTrue(failed.failureReason().startsWith("job commit failed") && failed.failureReason().contains("rename"),
        failed.failureReason());
    Command.Launch abort = cleanupLaunch(jt);
    assertEquals(JobState.FAILED, abort.launch().jobEnd());
    assertTrue(abort.launch().attemptId().contains("_c_000000_"), abort.launch().attemptId());
  }

  @Test
  void callsOfAnotherEpochAreRejected() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.submit(job(jt, 0, List.of(List.of("h1"))));
    Command.Launch l = launches(jt).get(0);
    assertEquals(EPOCH, l.launch().epoch());
    AttemptStatus stale = new AttemptStatus(EPOCH - 1, l.launch().attemptId(), "w1", 1, "", CountersSnapshot.EMPTY,
        null);
    assertThrows(StaleEpochException.class, () -> jt.attemptSucceeded(stale));
  }

  @Test
  void aNewLeaderTakesOverRecordedTasksAndRunsOnlyTheRest() throws Exception {
    // The old leader runs three maps and a reduce; two maps finish, recorded as they do.
    JobTracker old = tracker();
    old.workerJoined(worker("w1", "h1", "/r1", 3, 0));
    old.workerJoined(worker("w2", "h2", "/r1", 0, 0));
    JobSpec spec = job(old, 1, List.of(List.of("h1"), List.of("h1"), List.of("h1")));
    old.submit(spec);
    List<Command.Launch> maps = launches(old);
    assertEquals(3, maps.size());
    long started = now;
    now += 3_000;
    CountersSnapshot counted = new CountersSnapshot(Map.of("io.quern.mapreduce.TaskCounter",
        Map.of("MAP_INPUT_RECORDS", 17L)));
    old.attemptSucceeded(new AttemptStatus(EPOCH, maps.get(0).launch().attemptId(), maps.get(0).workerId(), 1, "",
        counted, maps.get(0).endpoint()));
    old.attemptSucceeded(status(maps.get(1), 1));
    // As the job store keeps them: encoded, and decoded by the next leader.
    TaskRecordCodec.Batch batch = new TaskRecordCodec.Encoder(spec.jobId()).batch();
    old.drainCommands().stream().filter(c -> c instanceof Command.RecordTask)
        .forEach(c -> batch.add(((Command.RecordTask) c).task()));
    List<TaskRecord> records = new TaskRecordCodec.Decoder(spec.jobId()).decode(batch.toBytes());
    assertEquals(2, records.size());
    // w2 held nothing; a record whose worker is gone is run again.
    List<TaskRecord> withLost = new ArrayList<>(records);
    withLost.set(1, new TaskRecord(records.get(1).taskId(), records.get(1).attemptId(), "gone", "x:1"));

    JobTracker next = new JobTracker(EPOCH + 1, "next", settings(4, 4, false), () -> now,
        h -> racks.getOrDefault(h, "/default-rack"));
    WorkerInfo w1 = worker("w1", "h1", "/r1", 3, 1);
    next.workerJoined(w1);
    next.recover(spec, withLost, Map.of("w1", w1));
    List<Command.Launch> rerun = launches(next);
    assertEquals(List.of("MAP1", "MAP2"), rerun.stream().map(JobTrackerTest::task)
        .filter(t -> t.startsWith("MAP")).sorted().toList(),
        "only the map without a reusable output runs again");
    assertTrue(rerun.stream().allMatch(l -> l.launch().epoch() == EPOCH + 1));
    assertEquals(1L, next.counters(spec.jobId()).value(io.quern.mapreduce.JobCounter.class.getName(),
        "RECOVERED_MAPS"));
    // Reducers see the recovered map's output where the old leader's attempt left it.
    assertEquals(records.get(0).attemptId(), next.mapOutputEvents(EPOCH + 1, spec.jobId(), 0).get(0).attemptId());
    // The job's counters and its history keep what the recovered map counted, when and where it ran.
    assertEquals(17L, next.counters(spec.jobId()).value("io.quern.mapreduce.TaskCounter", "MAP_INPUT_RECORDS"));
    io.quern.mapreduce.history.AttemptSummary recovered = next.jobSnapshot(spec.jobId()).tasks().get(0).attempts()
        .get(0);
    assertEquals(records.get(0).attemptId(), recovered.id());
    assertEquals(started, recovered.startMillis());
    assertEquals(started + 3_000, recovered.finishMillis());
    assertEquals("NODE", recovered.locality());
    assertEquals(17L, recovered.counters().get("io.quern.mapreduce.TaskCounter").get("MAP_INPUT_RECORDS"));
  }

  @Test
  void higherPriorityJobsAreServedFirst() throws Exception {
    JobTracker jt = tracker();
    JobSpec low = job(jt, 0, List.of(List.of("h1")));
    JobSpec base = job(jt, 0, List.of(List.of("h1")));
    JobSpec high = new JobSpec(base.jobId(), "high", "me", 5, new byte[0], "/jar", "/s", base.splits(), 0);
    jt.submit(low);
    jt.submit(high);
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    assertEquals(high.jobId(), launches(jt).get(0).launch().jobId());
  }

  @Test
  void attemptsTheMasterStopsHearingOfAreFailedAndRerun() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    jt.submit(job(jt, 0, List.of(List.of("h1"))));
    Command.Launch first = launches(jt).get(0);
    now += 600_000;
    jt.statusUpdate(status(first, 0.5f));
    now += 600_000;
    jt.tick();
    assertTrue(launches(jt).isEmpty(), "heard of 600 s ago: still within the silence timeout");
    now += 301_000;
    jt.tick();
    List<Command.Launch> rerun = launches(jt);
    assertEquals(1, rerun.size());
    assertEquals("w2", rerun.get(0).workerId());
  }

  @Test
  void aJobMayLowerItsMaximumAttempts() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    conf.setInt(SchedulerSettings.MAP_MAX_ATTEMPTS, 1);
    conf.writeXml(xml);
    JobSpec base = job(jt, 0, List.of(List.of("h1")));
    JobSpec spec = new JobSpec(base.jobId(), "one try", "me", 0, xml.toByteArray(), null, "/s", base.splits(), 0);
    jt.submit(spec);
    jt.attemptFailed(status(launches(jt).get(0), 0), "boom", false);
    assertEquals(JobState.FAILED, jt.status(spec.jobId()).state());
  }

  @Test
  void aMapWhoseOutputReducersCannotFetchIsRerun() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 1));
    JobSpec spec = job(jt, 1, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch map = launches(jt).get(0);
    jt.attemptSucceeded(status(map, 1));
    Command.Launch reduce = launches(jt).get(0);
    assertEquals(io.quern.mapreduce.TaskKind.REDUCE, reduce.launch().kind());
    jt.fetchFailed(EPOCH, reduce.launch().attemptId(), map.launch().attemptId());
    List<MapOutputEvent> events = jt.mapOutputEvents(EPOCH, spec.jobId(), 0);
    assertTrue(events.get(events.size() - 1).obsolete(), "the unfetchable output is withdrawn");
    List<Command.Launch> rerun = launches(jt);
    assertEquals(1, rerun.size());
    assertEquals(0, rerun.get(0).launch().partition());
    assertEquals(io.quern.mapreduce.TaskKind.MAP, rerun.get(0).launch().kind());
  }

  @Test
  void aRunningJobWaitsForAMissingNamenodeSayingSoAndGoesOnWhenItIsBack() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch first = launches(jt).get(0);
    jt.namenodeRegistered(false);
    now += NAMENODE_WAIT_MS - 1_000;
    jt.statusUpdate(status(first, 0.5f));
    jt.tick();
    JobStatusReport waiting = jt.status(spec.jobId());
    assertEquals(JobState.RUNNING, waiting.state(), "within the wait window the job runs on");
    assertTrue(waiting.note() != null && waiting.note().contains("waiting for the NameNode"), waiting.note());
    jt.namenodeRegistered(true);
    assertNull(jt.status(spec.jobId()).note(), "the note goes with the wait");
    now += NAMENODE_WAIT_MS;
    jt.tick();
    assertEquals(JobState.RUNNING, jt.status(spec.jobId()).state(), "the window counts only while none is registered");
    jt.attemptSucceeded(status(first, 1f));
    jt.attemptSucceeded(status(cleanupLaunch(jt), 1f));
    assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state());
  }

  @Test
  void aJobFailsNamingTheNamenodeOnceNoneHasBeenRegisteredForTheWholeWindow() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch first = launches(jt).get(0);
    jt.namenodeRegistered(false);
    now += NAMENODE_WAIT_MS / 2;
    jt.namenodeRegistered(false); // a repeated event does not restart the window
    jt.statusUpdate(status(first, 0.5f));
    now += NAMENODE_WAIT_MS / 2 + 1;
    jt.tick();
    JobStatusReport failed = jt.status(spec.jobId());
    assertEquals(JobState.FAILED, failed.state());
    assertTrue(failed.failureReason().contains("no NameNode has been registered for 300 s"), failed.failureReason());
    assertTrue(jt.drainCommands().stream().anyMatch(c -> c instanceof Command.Kill), "its attempt is killed");
  }

  @Test
  void anAttemptCannotFillTheMastersHeapWithStatusOrCounters() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    JobSpec spec = job(jt, 0, List.of(List.of("h1")));
    jt.submit(spec);
    Command.Launch l = launches(jt).get(0);
    String huge = "x".repeat(10_000_000);
    assertTrue(jt.statusUpdate(new AttemptStatus(EPOCH, l.launch().attemptId(), "w1", 0.1f, huge,
        CountersSnapshot.EMPTY, null)));
    String kept = jt.taskReports(spec.jobId()).get(0).toString();
    assertTrue(kept.length() < 5_000, "the master keeps " + kept.length() + " characters of a status line");
    Map<String, Long> many = new java.util.HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      many.put("c" + i, 1L);
    }
    CountersSnapshot flood = new CountersSnapshot(Map.of("user", many));
    assertFalse(jt.statusUpdate(new AttemptStatus(EPOCH, l.launch().attemptId(), "w1", 0.2f, "", flood, null)),
        "an attempt reporting 100,000 counters is not wanted any more");
    assertTrue(jt.counters(spec.jobId()).size() < 1_000);
    Command.Launch retry = launches(jt).get(0);
    assertNotEquals(l.launch().attemptId(), retry.launch().attemptId(), "the task runs again");
  }

  @Test
  void finishedJobsAreRetiredAfterTheIntervalAndBeyondTheUsersMaximumWhileRunningOnesStay() throws Exception {
    JobTracker jt = tracker(new SchedulerSettings(4, 4, 0.05f, 1000, 1000, false, false, 60_000, 0.2f, 4, 3,
        900_000, NAMENODE_WAIT_MS, new SchedulerSettings.Retention(10_000, 2), Double.NaN));
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JobSpec spec = job(jt, 0, List.of(List.of("h1")));
      jt.submit(spec);
      now += 100;
      jt.killJob(spec.jobId()); // no worker is live: there is no abort attempt to wait for
      finished.add(spec.jobId());
    }
    JobSpec running = job(jt, 0, List.of(List.of("h1")));
    jt.submit(running);
    jt.tick();
    // The user's oldest finished job is beyond the two kept; the running one is no finished job.
    assertThrows(io.quern.protocol.mapred.UnknownJobException.class, () -> jt.status(finished.get(0)));
    assertEquals(JobState.KILLED, jt.status(finished.get(1)).state());
    assertEquals(List.of(finished.get(1), finished.get(2), running.jobId()),
        jt.list().stream().map(JobStatusReport::jobId).toList());
    now += 10_000;
    jt.tick();
    assertEquals(List.of(running.jobId()), jt.list().stream().map(JobStatusReport::jobId).toList());
  }

  @Test
  void aMasterThatRanTenThousandTinyJobsHoldsOnlyTheRetainedOnes() throws Exception {
    JobTracker jt = tracker(new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3, 900_000,
        NAMENODE_WAIT_MS, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 1));
    // Four log lines a job, 40,000 in all, would take most of the test's time.
    org.apache.logging.log4j.Level level = org.apache.logging.log4j.LogManager.getLogger("io.quern.master").getLevel();
    org.apache.logging.log4j.core.config.Configurator.setLevel("io.quern.master", org.apache.logging.log4j.Level.WARN);
    String last;
    try {
      last = runTinyJobs(jt, 10_000);
    } finally {
      org.apache.logging.log4j.core.config.Configurator.setLevel("io.quern.master", level);
    }
    jt.tick();
    List<String> held = jt.list().stream().map(JobStatusReport::jobId).toList();
    assertEquals(100, held.size(), "the user's 100 latest finished jobs, and no more");
    assertEquals(last, held.get(held.size() - 1));
    assertEquals(100, jt.tablesSnapshot().jobs().size());
  }

  /** Runs that many one-map jobs to their end; returns the last one's id. */
  private String runTinyJobs(JobTracker jt, int count) throws Exception {
    String last = null;
    for (int i = 0; i < count; i++) {
      JobSpec spec = job(jt, 0, List.of(List.of("h1")));
      jt.submit(spec);
      now += 1;
      jt.attemptSucceeded(status(launches(jt).get(0), 1));
      jt.attemptSucceeded(status(cleanupLaunch(jt), 1));
      assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state());
      jt.drainCommands();
      if (i % 100 == 99) {
        jt.tick();
      }
      last = spec.jobId();
    }
    return last;
  }

  // ---- a job's own failure allowance, task timeout and speculation ----

  /** A job of {@code maps} maps (splits on h1) and {@code reduces} reduces with the given settings of its own. */
  private static JobSpec jobWith(JobTracker jt, int maps, int reduces, Map<String, String> settings) throws Exception {
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(false);
    settings.forEach(conf::set);
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    conf.writeXml(xml);
    List<SplitInfo> splits = new ArrayList<>();
    for (int i = 0; i < maps; i++) {
      splits.add(new SplitInfo(i, "S", new byte[0], 100, List.of("h1")));
    }
    return new JobSpec(jt.newJobId(), "sweep", "me", 0, xml.toByteArray(), null, "/s", splits, reduces);
  }

  /**
   * Runs a sweep of 20 maps (one attempt each) and a reducer on one worker, failing the maps
   * in {@code failing}; returns the reducer's launch (null if none ran) and leaves the rest.
   */
  private Command.Launch runSweep(JobTracker jt, JobSpec spec, java.util.Set<Integer> failing) throws Exception {
    jt.workerJoined(worker("w1", "h1", "/r1", 20, 1));
    jt.submit(spec);
    List<Command.Launch> maps = new ArrayList<>();
    Command.Launch reduce = null;
    for (Command.Launch l : launches(jt)) {
      if (l.launch().kind() == io.quern.mapreduce.TaskKind.MAP) {
        maps.add(l);
      }
    }
    assertEquals(20, maps.size());
    for (Command.Launch m : maps) {
      if (failing.contains(m.launch().partition())) {
        jt.attemptFailed(status(m, 0.3f), "candidate " + m.launch().partition() + " exited with code 3", false);
      } else {
        jt.attemptSucceeded(status(m, 1));
      }
      for (Command.Launch l : launches(jt)) {
        if (l.launch().kind() == io.quern.mapreduce.TaskKind.REDUCE) {
          reduce = l;
        }
      }
    }
    return reduce;
  }

  @Test
  void aSweepWithinItsFailureAllowanceSucceedsWithoutTheFailedMapAndSaysSo() throws Exception {
    JobTracker jt = tracker(settings(1, 100, false));
    JobSpec spec = jobWith(jt, 20, 1, Map.of("mapreduce.map.failures.maxpercent", "10"));
    Command.Launch reduce = runSweep(jt, spec, java.util.Set.of(7));
    assertNotNull(reduce, "the reducer runs once the slow-start share of maps is done");
    List<MapOutputEvent> events = jt.mapOutputEvents(EPOCH, spec.jobId(), 0);
    assertEquals(20, events.size(), "one event per map: " + events);
    List<MapOutputEvent> skips = events.stream().filter(MapOutputEvent::skipped).toList();
    assertEquals(1, skips.size(), events.toString());
    assertEquals(7, skips.get(0).mapIndex(), "the reducer is told not to wait for the failed map");
    assertTrue(events.stream().filter(e -> !e.skipped()).noneMatch(e -> e.mapIndex() == 7 || e.obsolete()));
    assertEquals(JobState.RUNNING, jt.status(spec.jobId()).state(), "the reducer still runs");
    jt.attemptSucceeded(status(reduce, 1));
    Command.Launch commit = cleanupLaunch(jt);
    assertEquals(JobState.SUCCEEDED, commit.launch().jobEnd(), "the output is committed as usual");
    jt.attemptSucceeded(status(commit, 1));
    JobStatusReport end = jt.status(spec.jobId());
    assertEquals(JobState.SUCCEEDED, end.state());
    assertEquals(19, end.mapsCompleted());
    assertEquals(1f, end.mapProgress());
    assertTrue(end.note() != null && end.note().contains("1 of 20 maps failed for good")
        && end.note().contains("mapreduce.map.failures.maxpercent=10") && end.note().contains("_m_000007"),
        String.valueOf(end.note()));
    CountersSnapshot c = jt.counters(spec.jobId());
    assertEquals(1, c.value(JobCounter.class.getName(), JobCounter.TOLERATED_FAILED_MAPS.name()));
    assertEquals(1, c.value(JobCounter.class.getName(), JobCounter.NUM_FAILED_MAPS.name()));
    TaskReport failed = jt.taskReports(spec.jobId()).stream().filter(t -> t.taskId().endsWith("_m_000007"))
        .findFirst().orElseThrow();
    assertEquals(TaskState.FAILED, failed.state());
  }

  @Test
  void aSweepBeyondItsFailureAllowanceFails() throws Exception {
    JobTracker jt = tracker(settings(1, 100, false));
    JobSpec spec = jobWith(jt, 20, 1, Map.of("mapreduce.map.failures.maxpercent", "10"));
    runSweep(jt, spec, java.util.Set.of(3, 11, 15));
    JobStatusReport end = jt.status(spec.jobId());
    assertEquals(JobState.FAILED, end.state(), "2 of 20 maps are 10%; the third is one too many");
    assertTrue(end.failureReason().contains("task " + spec.jobId().replace("job_", "task_") + "_m_000015")
        && end.failureReason().contains("more than mapreduce.map.failures.maxpercent=10% of 20 allows"),
        end.failureReason());
  }

  @Test
  void withoutAnAllowanceTheFirstTaskFailingForGoodFailsTheJob() throws Exception {
    JobTracker jt = tracker(settings(1, 100, false));
    JobSpec spec = jobWith(jt, 20, 1, Map.of());
    runSweep(jt, spec, java.util.Set.of(4));
    assertEquals(JobState.FAILED, jt.status(spec.jobId()).state());
    assertTrue(jt.mapOutputEvents(EPOCH, spec.jobId(), 0).stream().noneMatch(MapOutputEvent::skipped));
  }

  @Test
  void aReduceFailingForGoodWithinTheAllowanceLetsTheJobCommit() throws Exception {
    JobTracker jt = tracker(settings(1, 100, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 2));
    JobSpec spec = jobWith(jt, 1, 2, Map.of("mapreduce.reduce.failures.maxpercent", "50"));
    jt.submit(spec);
    jt.attemptSucceeded(status(launches(jt).get(0), 1));
    List<Command.Launch> reduces = launches(jt);
    assertEquals(2, reduces.size());
    jt.attemptFailed(status(reduces.get(0), 0.5f), "out of memory", false);
    jt.attemptSucceeded(status(reduces.get(1), 1));
    Command.Launch commit = cleanupLaunch(jt);
    jt.attemptSucceeded(status(commit, 1));
    assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state());
    assertEquals(1, jt.counters(spec.jobId()).value(JobCounter.class.getName(),
        JobCounter.TOLERATED_FAILED_REDUCES.name()));
  }

  @Test
  void aJobsOwnTaskTimeoutFailsOnlyItsSilentAttempts() throws Exception {
    JobTracker jt = tracker();
    jt.workerJoined(worker("w1", "h1", "/r1", 4, 0));
    JobSpec quick = jobWith(jt, 1, 0, Map.of("mapreduce.task.timeout", "5s"));
    JobSpec plain = jobWith(jt, 1, 0, Map.of());
    JobSpec never = jobWith(jt, 1, 0, Map.of("mapreduce.task.timeout", "0", "mapred.task.timeout", "1s"));
    JobSpec patient = jobWith(jt, 1, 0, Map.of("mapred.task.timeout", "2h"));
    for (JobSpec s : List.of(quick, plain, never, patient)) {
      jt.submit(s);
    }
    assertEquals(4, launches(jt).size());
    now += 6_000;
    jt.tick();
    assertEquals(1, jt.status(quick.jobId()).mapsFailed(), "5 s of silence is past the job's own timeout");
    String why = jt.taskReports(quick.jobId()).get(0).diagnostics().get(0);
    assertTrue(why.contains("no progress reported for 6 s") && why.contains("mapreduce.task.timeout is 5 s"), why);
    for (JobSpec s : List.of(plain, never, patient)) {
      assertEquals(0, jt.status(s.jobId()).mapsFailed(), s.name());
    }
    now += 900_000;
    jt.tick();
    assertEquals(1, jt.status(plain.jobId()).mapsFailed(), "without its own timeout, the master's applies");
    assertEquals(0, jt.status(never.jobId()).mapsFailed(), "0 never times out (and wins over the old name)");
    assertEquals(0, jt.status(patient.jobId()).mapsFailed(), "a job may wait longer than the master would");
    now += 2 * 3_600_000;
    jt.tick();
    assertEquals(1, jt.status(patient.jobId()).mapsFailed());
    assertTrue(jt.taskReports(patient.jobId()).get(0).diagnostics().get(0).contains("mapred.task.timeout is 7200 s"));
  }

  @Test
  void aJobTurnsSpeculationOffWithHadoop2sKeys() throws Exception {
    JobTracker jt = tracker(settings(4, 4, true));
    jt.workerJoined(worker("w1", "h1", "/r1", 6, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 2, 0));
    JobSpec off = jobWith(jt, 3, 0, Map.of("mapreduce.map.speculative", "false",
        "mapred.map.tasks.speculative.execution", "true"));
    JobSpec on = jobWith(jt, 3, 0, Map.of("mapreduce.reduce.speculative", "false"));
    for (JobSpec spec : List.of(off, on)) {
      jt.submit(spec);
    }
    List<Command.Launch> l = launches(jt);
    assertEquals(6, l.size());
    for (Command.Launch x : l) {
      if (x.launch().partition() == 0) {
        jt.statusUpdate(status(x, 0.1f));
      } else {
        jt.attemptSucceeded(status(x, 1));
      }
    }
    jt.drainCommands();
    now += 61_000;
    jt.tick();
    List<Command.Launch> backups = launches(jt);
    assertEquals(1, backups.size(), "one backup, for the job that did not turn map speculation off: " + backups);
    assertEquals(on.jobId(), backups.get(0).launch().jobId());
  }

  /**
   * Slots are counted as attempts start and end (RunningAttempts), not by walking every task: a
   * random mix of successes, failures, kills, worker losses and returns must never give a worker
   * more attempts than its slots, nor leave a freed slot unused while work waits.
   */
  @Test
  void slotsStayExactThroughARandomMixOfEndsLossesAndReturns() throws Exception {
    JobTracker jt = tracker(settings(50, 100, false));
    java.util.Random random = new java.util.Random(42);
    Map<String, WorkerInfo> workers = new java.util.TreeMap<>();
    for (int i = 1; i <= 4; i++) {
      WorkerInfo w = worker("w" + i, "h" + i, "/r1", 2, 1);
      workers.put(w.id(), w);
      jt.workerJoined(w);
    }
    List<List<String>> hosts = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      hosts.add(List.of("h" + (1 + i % 4)));
    }
    JobSpec spec = job(jt, 3, hosts);
    jt.submit(spec);
    Map<String, Command.Launch> running = new java.util.LinkedHashMap<>();
    java.util.Set<String> lost = new java.util.HashSet<>();
    for (int step = 0; step < 5_000 && !jt.status(spec.jobId()).state().isTerminal(); step++) {
      for (Command c : jt.drainCommands()) {
        if (c instanceof Command.Launch l && l.launch().kind() != io.quern.mapreduce.TaskKind.JOB_CLEANUP) {
          running.put(l.launch().attemptId(), l);
        } else if (c instanceof Command.Launch l) {
          jt.attemptSucceeded(status(l, 1f));
        } else if (c instanceof Command.Kill k) {
          Command.Launch l = running.remove(k.attempt().toString());
          if (l != null) {
            jt.attemptFailed(status(l, 0f), "killed", true);
          }
        }
      }
      Map<String, int[]> perWorker = new java.util.HashMap<>();
      for (Command.Launch l : running.values()) {
        perWorker.computeIfAbsent(l.workerId(), id -> new int[2])[l.launch().kind() == io.quern.mapreduce.TaskKind.MAP ? 0 : 1]++;
      }
      perWorker.forEach((id, n) -> {
        assertTrue(n[0] <= 2 && n[1] <= 1, id + " runs " + n[0] + " maps and " + n[1] + " reduces on 2 + 1 slots");
      });
      now += 50;
      int roll = random.nextInt(100);
      if (roll < 3 && lost.size() < 2) {
        String id = "w" + (1 + random.nextInt(4));
        if (lost.add(id)) {
          jt.workerLost(id);
          running.values().removeIf(l -> l.workerId().equals(id));
        }
      } else if (roll < 6 && !lost.isEmpty()) {
        String id = lost.iterator().next();
        lost.remove(id);
        jt.workerJoined(workers.get(id));
      } else if (!running.isEmpty()) {
        List<String> ids = new ArrayList<>(running.keySet());
        Command.Launch l = running.remove(ids.get(random.nextInt(ids.size())));
        if (roll < 80) {
          jt.attemptSucceeded(status(l, 1f));
        } else if (roll < 92) {
          jt.attemptFailed(status(l, 0f), "boom", false);
        } else {
          running.put(l.launch().attemptId(), l); // its worker reports it killed once told
          jt.killAttempt(l.launch().attemptId(), false);
        }
      } else {
        jt.tick();
      }
    }
    assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state(), "the job finished within 5,000 steps");
  }

  /**
   * A commit that falls silent for the last time fails its job, whose abort attempt starts
   * within the same tick: the tick goes on to the other silent attempts (it once stopped there,
   * its walk of the tasks broken by the new attempt).
   */
  @Test
  void aTickThatFailsAJobsCommitStillTimesOutTheOtherSilentAttempts() throws Exception {
    JobTracker jt = tracker(settings(1, 4, false));
    jt.workerJoined(worker("w1", "h1", "/r1", 1, 0));
    jt.workerJoined(worker("w2", "h2", "/r1", 1, 0));
    JobSpec first = job(jt, 0, List.of(List.of("h1")));
    JobSpec second = job(jt, 0, List.of(List.of("h2")));
    jt.submit(first);
    jt.submit(second);
    List<Command.Launch> maps = launches(jt);
    assertEquals(2, maps.size());
    jt.attemptSucceeded(status(maps.stream().filter(l -> l.launch().jobId().equals(first.jobId())).findFirst()
        .orElseThrow(), 1f));
    List<Command.Launch> commit = launches(jt);
    assertEquals(io.quern.mapreduce.TaskKind.JOB_CLEANUP, commit.get(0).launch().kind());
    now += 900_001;
    jt.tick();
    List<Command> after = jt.drainCommands();
    assertEquals(JobState.FAILED, jt.status(first.jobId()).state(), "its commit used its one attempt");
    assertTrue(after.stream().anyMatch(c -> c instanceof Command.Launch l
        && l.launch().kind() == io.quern.mapreduce.TaskKind.JOB_CLEANUP && l.launch().jobEnd() == JobState.FAILED),
        "the abort starts: " + after);
    assertEquals(JobState.FAILED, jt.status(second.jobId()).state(),
        "the other job's silent map timed out in the same tick: " + jt.taskReports(second.jobId()));
  }
}
