package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's attempt table: epochs, kills, timeouts, and what a dying child takes with it. */
class WorkerAttemptsTest {
  private static TaskLaunch launch(long epoch, String job, int n) {
    return new TaskLaunch(epoch, job, "attempt_" + job.substring(4) + "_m_00000" + n + "_0", TaskKind.MAP, n, null,
        1, 0, null, null, "alice", null, List.of());
  }

  @Test
  void commandsOfAnOlderEpochAreRefused() throws Exception {
    WorkerAttempts t = new WorkerAttempts();
    t.checkEpoch(3);
    t.checkEpoch(3);
    t.checkEpoch(4);
    assertThrows(StaleEpochException.class, () -> t.checkEpoch(3));
    // The epoch published in ZooKeeper fences an old master before the new one sends anything.
    assertThrows(StaleEpochException.class, () -> t.checkEpoch(4, 5));
    t.checkEpoch(5, 5);
  }

  @Test
  void aKilledAttemptIsToldToStopOnItsNextReport() {
    WorkerAttempts t = new WorkerAttempts();
    TaskLaunch l = launch(1, "job_x_0001", 1);
    t.add(l, "c1", Long.MAX_VALUE);
    assertTrue(t.touch(l.attemptId()));
    t.markKilled(l.attemptId());
    assertFalse(t.touch(l.attemptId()));
    assertFalse(t.touch("attempt_x_0001_m_000009_0"), "an unknown attempt is not wanted either");
  }

  @Test
  void silentAttemptsTimeOutOnceWithTheirJobsTimeout() throws Exception {
    WorkerAttempts t = new WorkerAttempts();
    TaskLaunch quick = launch(1, "job_x_0001", 1);
    TaskLaunch patient = launch(1, "job_x_0002", 1);
    t.add(quick, "c1", 1);
    t.add(patient, "c2", Long.MAX_VALUE);
    long start = System.nanoTime();
    while (System.nanoTime() - start < 2) {
      Thread.onSpinWait();
    }
    List<WorkerAttempts.Entry> out = t.timedOut();
    assertEquals(List.of(quick.attemptId()), out.stream().map(WorkerAttempts.Entry::attemptId).toList());
    assertTrue(out.get(0).failReason.startsWith("timed out"));
    assertTrue(t.timedOut().isEmpty(), "reported once");
  }

  @Test
  void aChildsAttemptsLeaveWithItButItsLogsStayFindable() {
    WorkerAttempts t = new WorkerAttempts();
    TaskLaunch a = launch(1, "job_x_0001", 1);
    TaskLaunch b = launch(1, "job_x_0001", 2);
    TaskLaunch c = launch(1, "job_x_0002", 1);
    t.add(a, "c1", Long.MAX_VALUE);
    t.add(b, "c1", Long.MAX_VALUE);
    t.add(c, "c2", Long.MAX_VALUE);
    assertEquals(2, t.removeChild("c1").size());
    assertEquals(null, t.get(a.attemptId()));
    assertEquals("c1", t.childOf(a.attemptId()));
    assertEquals(c, t.get(c.attemptId()).launch);
  }

  private static TaskLaunch withGpus(TaskLaunch l, String... gpus) {
    return new TaskLaunch(l.epoch(), l.jobId(), l.attemptId(), l.kind(), l.partition(), l.split(), l.numMaps(),
        l.numReduces(), l.jobConf(), l.jarPath(), l.user(), l.jobEnd(), List.of(gpus));
  }

  @Test
  void aGpuGoesToOneAttemptAtATimeUntilItsEndIsRecorded() {
    WorkerAttempts t = new WorkerAttempts();
    TaskLaunch a = withGpus(launch(1, "job_x_0001", 1), "0", "1");
    TaskLaunch b = withGpus(launch(1, "job_x_0002", 1), "1");
    TaskLaunch c = withGpus(launch(1, "job_x_0002", 2), "2");
    assertEquals(null, t.claimGpus(a));
    t.add(a, "c1", Long.MAX_VALUE);
    assertEquals("GPU 1 is still held by " + a.attemptId(), t.claimGpus(b));
    assertEquals(null, t.claimGpus(c));
    t.markKilled(a.attemptId());
    assertEquals("GPU 1 is still held by " + a.attemptId(), t.claimGpus(b), "killed is not yet gone");
    t.remove(a.attemptId());
    assertEquals(null, t.claimGpus(b));
    t.add(b, "c2", Long.MAX_VALUE);
    t.removeChild("c2");
    assertEquals(java.util.Map.of("2", c.attemptId()), t.gpuHolders(), "the dead child's attempt let go of GPU 1");
  }
}
