package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Ids are formatted once and cached; the text and the hash stay what they were with String.format and Objects.hash. */
class IdFormatTest {
  @Test
  void textIsTheZeroPaddedFormHadoopUses() {
    for (int n : new int[] {0, 7, 42, 999, 1000, 9999, 10000, 123456, 1234567, Integer.MAX_VALUE, -1, -12345}) {
      JobID job = new JobID("20260101e3", n);
      assertEquals("job_20260101e3_" + String.format(Locale.ROOT, "%04d", n), job.toString());
      TaskID task = new TaskID(job, TaskType.REDUCE, n);
      assertEquals("task_20260101e3_" + String.format(Locale.ROOT, "%04d", n) + "_r_"
          + String.format(Locale.ROOT, "%06d", n), task.toString());
      TaskAttemptID attempt = new TaskAttemptID(task, n);
      assertEquals("attempt_" + task.toString().substring(5) + "_" + n, attempt.toString());
    }
    assertEquals("task_x_0001_c_000000", new TaskID(new JobID("x", 1), TaskType.JOB_CLEANUP, 0).toString());
  }

  @Test
  void textIsFormattedOnceAndRoundTrips() {
    TaskAttemptID a = new TaskAttemptID(new TaskID(new JobID("x", 3), TaskType.MAP, 12), 3001);
    assertSame(a.toString(), a.toString());
    assertSame(a.getTaskID().toString(), a.getTaskID().toString());
    assertSame(a.getJobID().toString(), a.getJobID().toString());
    assertEquals(a, TaskAttemptID.forName(a.toString()));
    assertEquals(a.getTaskID(), TaskID.forName(a.getTaskID().toString()));
    assertEquals(a.getJobID(), JobID.forName(a.getJobID().toString()));
  }

  @Test
  void hashesAreThoseOfObjectsHash() {
    JobID job = new JobID("x", 3);
    TaskID task = new TaskID(job, TaskType.MAP, 12);
    TaskAttemptID attempt = new TaskAttemptID(task, 5);
    assertEquals(Objects.hash("x", 3), job.hashCode());
    assertEquals(Objects.hash(job, TaskType.MAP, 12), task.hashCode());
    assertEquals(Objects.hash(task, 5), attempt.hashCode());
    assertEquals(job.hashCode(), new io.quern.mapred.JobID("x", 3).hashCode());
    assertNotEquals(task.hashCode(), new TaskID(job, TaskType.MAP, 13).hashCode());
  }
}
