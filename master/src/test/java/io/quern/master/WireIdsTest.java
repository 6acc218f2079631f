package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.JobSpec;
import io.quern.protocol.mapred.JobSubmissionException;
import io.quern.protocol.mapred.UnknownJobException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireIdsTest {
  @Test
  void idsTheMasterWritesParseBackToTheSameTextAndValue() {
    for (int job : new int[] {1, 42, 9999, 10000, Integer.MAX_VALUE}) {
      for (TaskType type : TaskType.values()) {
        for (int task : new int[] {0, 7, 999_999, 1_000_000}) {
          for (int attempt : new int[] {0, 1, 3000, 999_001}) {
            TaskAttemptID a = new TaskAttemptID(new TaskID(new JobID("20261207e3", job), type, task), attempt);
            assertEquals(a, WireIds.attempt(a.toString()));
            assertEquals(a.toString(), WireIds.attempt(a.toString()).toString());
            assertEquals(a.getTaskID(), WireIds.task(a.getTaskID().toString()));
            assertEquals(a.getJobID(), WireIds.job(a.getJobID().toString()));
            assertEquals(a.getJobID().toString(), WireIds.job(a.getJobID().toString()).toString());
          }
        }
      }
    }
  }

  @Test
  void garbageAndNonCanonicalTextIsRefusedWithOneSentence() {
    for (String s : new String[] {null, "", "job", "job_", "job__0001", "job_x_", "job_x_1", "job_x_001",
        "job_x_00001", "job_x_-001", "job_x_+001", "job_x_0001_", "job_x_y_0001", "job_x_99999999999", "task_x_0001",
        "JOB_x_0001", "job_x_0001 ", "job_x_0x01"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireIds.job(s), "" + s);
      assertTrue(e.getMessage().contains("is not a job id (job_<master identifier>_<number>)"), e.getMessage());
    }
    for (String s : new String[] {null, "attempt_x_0001_m_000001", "attempt_x_0001_m_000001_", "attempt_x_0001_m_000001_01",
        "attempt_x_0001_m_000001_-1", "attempt_x_0001_q_000001_0", "attempt_x_0001_mm_000001_0",
        "attempt_x_0001_m_00001_0", "attempt_x_1_m_000001_0", "attempt_x_0001_m_000001_0_0", "attempt__0001_m_000001_0",
        "attempt_x_0001_m_000001_4294967296", "task_x_0001_m_000001", "attempt_x_0001_m__0", "attempt_____"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireIds.attempt(s), "" + s);
      assertTrue(e.getMessage().contains("is not an attempt id ("), e.getMessage());
    }
    for (String s : new String[] {"task_x_0001_m_1", "task_x_0001_m_000001_", "task_x_0001_z_000001", "job_x_0001"}) {
      assertThrows(IllegalArgumentException.class, () -> WireIds.task(s), s);
    }
    String huge = "job_" + "x".repeat(10_000);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> WireIds.job(huge)).getMessage().length() < 300,
        "a long text is cut in the message");
  }

  /** A worker or client naming garbage gets the answer for an unknown id; the master goes on serving. */
  @Test
  void trackerRefusesGarbageIdsAndKeepsServing() throws Exception {
    long epoch = 7;
    SchedulerSettings settings = new SchedulerSettings(4, 4, 0.05f, 0, 0, false, false, 60_000, 0.2f, 4, 3, 900_000,
        300_000, new SchedulerSettings.Retention(86_400_000, 100), Double.NaN);
    JobTracker jt = new JobTracker(epoch, "test", settings, () -> 1_000, h -> "/r");
    jt.workerJoined(new WorkerInfo("w1", "h1", "/r", "h1:9020", 1, 1));
    JobSpec spec = new JobSpec(jt.newJobId(), "t", "me", 0, new byte[0], "/jar", "/staging",
        List.of(new SplitInfo(0, "S", new byte[0], 1, List.of("h1"))), 0);
    jt.submit(spec);
    Command.Launch launch = jt.drainCommands().stream().filter(c -> c instanceof Command.Launch)
        .map(c -> (Command.Launch) c).findFirst().orElseThrow();
    String attempt = launch.launch().attemptId();

    for (String bad : new String[] {"garbage", "job_test_1", spec.jobId() + "x", null}) {
      UnknownJobException e = assertThrows(UnknownJobException.class, () -> jt.status(bad));
      assertEquals("unknown job " + bad, e.getMessage());
      assertThrows(UnknownJobException.class, () -> jt.killJob(bad));
      assertEquals(List.of(), jt.mapOutputEvents(epoch, bad, 0));
    }
    assertEquals(List.of("garbage"), jt.endedJobs(epoch, List.of("garbage", spec.jobId())));
    String nonCanonical = attempt.substring(0, attempt.lastIndexOf('_') + 1) + "0" + attempt.substring(attempt.lastIndexOf('_') + 1);
    for (String bad : new String[] {"garbage", nonCanonical, attempt.replace("_m_", "_x_"), null}) {
      assertFalse(jt.statusUpdate(new AttemptStatus(epoch, bad, "w1", 0.5f, "", CountersSnapshot.EMPTY, "h1:1")));
      assertFalse(jt.canCommit(epoch, bad));
      jt.attemptSucceeded(new AttemptStatus(epoch, bad, "w1", 1f, "", CountersSnapshot.EMPTY, "h1:1"));
      jt.attemptFailed(new AttemptStatus(epoch, bad, "w1", 0f, "", CountersSnapshot.EMPTY, "h1:1"), "x", false);
      jt.fetchFailed(epoch, "garbage", bad);
      assertThrows(UnknownJobException.class, () -> jt.killAttempt(bad, false));
      assertThrows(UnknownJobException.class, () -> jt.attemptWorker(bad));
    }
    JobSpec malformed = new JobSpec("job_test_1", "t", "me", 0, new byte[0], "/jar", "/staging", List.of(), 0);
    JobSubmissionException refused = assertThrows(JobSubmissionException.class, () -> jt.submit(malformed));
    assertEquals("malformed job id job_test_1", refused.getMessage());

    // The real attempt still runs, and ends as it should.
    assertTrue(jt.statusUpdate(new AttemptStatus(epoch, attempt, "w1", 0.5f, "", CountersSnapshot.EMPTY, "h1:1")));
    assertTrue(jt.canCommit(epoch, attempt));
    jt.attemptSucceeded(new AttemptStatus(epoch, attempt, "w1", 1f, "", CountersSnapshot.EMPTY, "h1:1"));
    Command.Launch cleanup = jt.drainCommands().stream().filter(c -> c instanceof Command.Launch)
        .map(c -> (Command.Launch) c).findFirst().orElseThrow();
    jt.attemptSucceeded(new AttemptStatus(epoch, cleanup.launch().attemptId(), "w1", 1f, "", CountersSnapshot.EMPTY,
        "h1:1"));
    assertEquals(JobState.SUCCEEDED, jt.status(spec.jobId()).state());
  }
}
