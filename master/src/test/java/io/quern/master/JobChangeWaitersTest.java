package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiters return on the first change, the end, a release or their deadline, and never miss a change. */
class JobChangeWaitersTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private final JobChangeWaiters waiters = new JobChangeWaiters(100);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static JobStatusReport report(String jobId, JobState state, int mapsCompleted) {
    return new JobStatusReport(jobId, "n", "u", 0, state, mapsCompleted / 4f, 0f, 4, mapsCompleted, 1, 0, 1L,
        state.isTerminal() ? 2L : 0L, null, null, 1, 0, 0, 0);
  }

  /** A caller's wait as the endpoint makes it: watched, the current report published, then the wait. */
  private Future<JobStatusReport> waitFor(String jobId, JobStatusReport seen, long maxWaitMillis) {
    return threads.submit(() -> {
      try {
        return waiters.await(JobID.forName(jobId), seen, maxWaitMillis);
      } finally {
        waiters.unwatch(JobID.forName(jobId));
      }
    });
  }

  private void watchAt(String jobId, JobStatusReport now) {
    waiters.watch(JobID.forName(jobId));
    waiters.publish(JobID.forName(jobId), now, 0);
  }

  @Test
  void aChangeReleasesTheWaiterWithTheNewReport() throws Exception {
    JobStatusReport r0 = report("job_1_0001", JobState.RUNNING, 0);
    watchAt("job_1_0001", r0);
    Future<JobStatusReport> w = waitFor("job_1_0001", r0, 60_000);
    Wait.until("the caller waits", PATIENCE, () -> waiters.waiting() == 1);
    waiters.publish(JobID.forName("job_1_0001"), r0, 1); // the same report again is no change
    assertFalse(w.isDone());
    JobStatusReport r1 = report("job_1_0001", JobState.RUNNING, 1);
    waiters.publish(JobID.forName("job_1_0001"), r1, 2);
    assertEquals(r1, w.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(), waiters.watched(), "the watch ends with its last caller");
  }

  @Test
  void aWaitWithNoChangeEndsAtItsDeadlineWithNothing() throws Exception {
    JobStatusReport r0 = report("job_1_0001", JobState.RUNNING, 0);
    watchAt("job_1_0001", r0);
    long start = System.nanoTime();
    assertNull(waitFor("job_1_0001", r0, 200).get(10, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "waited its 200 ms");
  }

  @Test
  void theEndOfAJobReleasesEveryWaiterOfItAndNoOther() throws Exception {
    JobStatusReport r0 = report("job_1_0001", JobState.RUNNING, 3);
    JobStatusReport other = report("job_1_0002", JobState.RUNNING, 0);
    List<Future<JobStatusReport>> ws = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      watchAt("job_1_0001", r0);
      ws.add(waitFor("job_1_0001", r0, 60_000));
    }
    watchAt("job_1_0002", other);
    Future<JobStatusReport> otherWaiter = waitFor("job_1_0002", other, 60_000);
    Wait.until("21 callers wait", PATIENCE, () -> waiters.waiting() == 21);

    JobStatusReport end = report("job_1_0001", JobState.SUCCEEDED, 4);
    assertTrue(waiters.due(JobID.forName("job_1_0001"), JobState.SUCCEEDED, 0), "a change of state is due at once");
    waiters.publish(JobID.forName("job_1_0001"), end, 0);
    for (Future<JobStatusReport> w : ws) {
      assertEquals(end, w.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, waiters.waiting(), "the other job's caller still waits");
    assertFalse(otherWaiter.isDone());
    assertEquals(List.of(JobID.forName("job_1_0002")), waiters.watched());

    // Stepping down releases it with nothing: it asks the loop, which says it leads no more.
    waiters.releaseAll();
    assertNull(otherWaiter.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aChangePublishedBetweenTheCallersCheckAndItsWaitIsNotMissed() throws Exception {
    // The caller saw r(i) as the current report; the change to r(i+1) races its wait.
    String id = "job_1_0001";
    JobStatusReport seen = report(id, JobState.RUNNING, 0);
    watchAt(id, seen);
    for (int i = 1; i <= 300; i++) {
      JobStatusReport next = report(id, JobState.RUNNING, i);
      waiters.watch(JobID.forName(id));
      Future<JobStatusReport> w = waitFor(id, seen, 5_000);
      if (i % 2 == 0) {
        Thread.yield();
      }
      waiters.publish(JobID.forName(id), next, i);
      long start = System.nanoTime();
      assertEquals(next, w.get(10, TimeUnit.SECONDS), "round " + i);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "round " + i + " was woken, not timed out");
      seen = next;
    }
  }

  @Test
  void aReportAlreadyNewerThanWhatTheCallerSawAnswersAtOnce() throws Exception {
    JobStatusReport r1 = report("job_1_0001", JobState.RUNNING, 1);
    watchAt("job_1_0001", r1);
    assertEquals(r1, waitFor("job_1_0001", report("job_1_0001", JobState.RUNNING, 0), 60_000)
        .get(10, TimeUnit.SECONDS));
  }

  @Test
  void aRetiredJobReleasesItsWaitersAndAFullHouseAnswersAtOnce() throws Exception {
    JobChangeWaiters one = new JobChangeWaiters(1);
    JobStatusReport r0 = report("job_1_0001", JobState.RUNNING, 0);
    one.watch(JobID.forName("job_1_0001"));
    one.publish(JobID.forName("job_1_0001"), r0, 0);
    Future<JobStatusReport> first = threads.submit(() -> one.await(JobID.forName("job_1_0001"), r0, 60_000));
    Wait.until("the caller waits", PATIENCE, () -> one.waiting() == 1);
    long start = System.nanoTime();
    assertNull(one.await(JobID.forName("job_1_0001"), r0, 60_000), "no room for a second waiter");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    one.release(JobID.forName("job_1_0001"));
    assertNull(first.get(10, TimeUnit.SECONDS));
  }

  @Test
  void progressIsReportedAtMostEveryIntervalButAChangeOfStateAtOnce() {
    String id = "job_1_0001";
    assertFalse(waiters.due(JobID.forName(id), JobState.RUNNING, 0), "nobody watches");
    waiters.watch(JobID.forName(id));
    assertTrue(waiters.due(JobID.forName(id), JobState.RUNNING, 0), "nothing published yet");
    waiters.publish(JobID.forName(id), report(id, JobState.RUNNING, 0), 1_000);
    assertFalse(waiters.due(JobID.forName(id), JobState.RUNNING, 1_000 + JobChangeWaiters.REPORT_INTERVAL_MILLIS - 1));
    assertTrue(waiters.due(JobID.forName(id), JobState.RUNNING, 1_000 + JobChangeWaiters.REPORT_INTERVAL_MILLIS));
    assertTrue(waiters.due(JobID.forName(id), JobState.FAILED, 1_001));
  }
}
