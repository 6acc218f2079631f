package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.security.ClusterCredentials;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's bookkeeping with children that are real processes: {@code cat}, which copies the
 * binding the pool writes on its stdin to its stdout file, so a test reads which job a child
 * was given. Which child serves which job, the spare, deaths and removals.
 */
class ChildPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Child options the test launcher cannot start a child with. */
  private static final String UNSTARTABLE = "-XX:+Unstartable";
  /** Child options whose start waits until the test releases it. */
  private static final String SLOW = "-Dslow.start";
  private final java.util.concurrent.CountDownLatch slowStarting = new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch releaseSlow = new java.util.concurrent.CountDownLatch(1);

  @TempDir
  Path dir;
  private final List<String> launched = new CopyOnWriteArrayList<>();
  private final Map<String, String> optsOf = new ConcurrentHashMap<>();
  private final Map<String, Integer> exited = new ConcurrentHashMap<>();
  private ChildPool pool;

  @BeforeEach
  void startPool() {
    Configuration conf = new Configuration();
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    JobTokenIssuer tokens = new JobTokenIssuer(ClusterCredentials.ofSecret(new byte[32], false), 3_600_000,
        System::currentTimeMillis);
    ChildLauncher cat = new ChildLauncher() {
      @Override
      public JobChild newChild(String childId) {
        return new JobChild(null, childId, dir.resolve(childId + ".stdout"), dir.resolve(childId + ".stderr"));
      }

      @Override
      public void start(JobChild child, String opts, ChildIdentities.Identity identity) throws IOException {
        if (opts.contains(UNSTARTABLE)) {
          throw new IOException("no such JVM option");
        }
        if (opts.contains(SLOW)) {
          slowStarting.countDown();
          try {
            if (!releaseSlow.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
              throw new IOException("never released");
            }
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
        }
        child.started(new ProcessBuilder("cat").redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(child.stdout.toFile()).redirectError(child.stderr.toFile()).start());
        launched.add(child.childId);
        optsOf.put(child.childId, opts);
      }
    };
    pool = new ChildPool(conf, dirs, "w1", tokens, ChildIdentities.sameAsWorker(), cat,
        (child, code) -> exited.put(child.childId, code));
  }

  @AfterEach
  void stopPool() {
    pool.removeAll(true);
  }

  @Test
  void aJobsFirstAttemptTakesTheSpareAndItsLaterAttemptsGoToTheSameChild() throws Exception {
    pool.startSpare();
    assertEquals(1, launched.size());
    String spare = launched.get(0);
    assertEquals(WorkerKeys.CHILD_JAVA_OPTS.declaredDefault(), optsOf.get(spare));

    String[] registered = new String[1];
    JobChild first = pool.submit(launch("job_1_0001", "m_000000_0", null), id -> registered[0] = id);
    JobChild second = pool.submit(launch("job_1_0001", "m_000001_0", null), id -> { });
    assertEquals(spare, first.childId, "the spare is adopted");
    assertEquals(spare, registered[0]);
    assertSame(first, second, "one child per job");
    assertEquals(1, launched.size(), "no other JVM was started");
    assertEquals("job_1_0001", first.jobId());
    Wait.until("the spare read its binding", WAIT, () -> bindingOf(spare).contains("job_1_0001"));
    assertEquals("attempt_1_0001_m_000000_0", first.take(0).attemptId());
    assertEquals("attempt_1_0001_m_000001_0", first.take(0).attemptId());
    assertSame(first, pool.byId(spare));
  }

  @Test
  void aJobWithChildOptionsOfItsOwnGetsItsOwnChildAndTheSpareWaitsForTheNext() throws Exception {
    pool.startSpare();
    String spare = launched.get(0);
    JobChild own = pool.submit(launch("job_1_0002", "m_000000_0", "-Xmx64m"), id -> { });
    assertNotEquals(spare, own.childId);
    assertEquals("-Xmx64m", optsOf.get(own.childId));
    Wait.until("the job's child read its binding", WAIT, () -> bindingOf(own.childId).contains("job_1_0002"));
    assertEquals("", bindingOf(spare), "the spare is not bound");

    JobChild next = pool.submit(launch("job_1_0003", "m_000000_0", null), id -> { });
    assertEquals(spare, next.childId, "the next job with the worker's options takes it");
  }

  @Test
  void aDeadChildIsForgottenAndReportedAndItsJobGetsANewOne() throws Exception {
    JobChild child = pool.submit(launch("job_1_0004", "m_000000_0", null), id -> { });
    child.kill();
    Wait.until("the exit is reported", WAIT, () -> exited.containsKey(child.childId));
    Wait.until("the dead child is forgotten", WAIT, () -> pool.byId(child.childId) == null);

    JobChild again = pool.submit(launch("job_1_0004", "m_000000_1", null), id -> { });
    assertNotEquals(child.childId, again.childId);
    assertTrue(again.isAlive());
    assertEquals(2, launched.size());
  }

  @Test
  void removingAJobKillsItsChildAndAClosedPoolStartsNoSpare() throws Exception {
    JobChild child = pool.submit(launch("job_1_0005", "m_000000_0", null), id -> { });
    assertSame(child, pool.remove("job_1_0005"));
    assertNull(pool.byId(child.childId));
    Wait.until("the removed child's exit is reported", WAIT, () -> exited.containsKey(child.childId));

    pool.removeAll(true);
    int before = launched.size();
    pool.startSpare();
    pool.maybeStartSpare(true);
    assertEquals(before, launched.size(), "closed: no spare");
  }

  @Test
  void theNextSpareStartsWhenAnAttemptEndsNotWhenTheLastOneIsTaken() throws Exception {
    pool.startSpare();
    pool.submit(launch("job_1_0006", "m_000000_0", null), id -> { });
    pool.maybeStartSpare(false);
    assertEquals(1, launched.size(), "not at once: the job's first attempts have the cores");
    pool.maybeStartSpare(true);
    assertEquals(2, launched.size(), "an attempt ended: the next spare starts");
    pool.maybeStartSpare(true);
    assertEquals(2, launched.size(), "one spare at a time");
  }

  @Test
  void aChildThatCannotStartEndsAsIfItExitedWithTheReason() throws Exception {
    JobChild child = pool.submit(launch("job_1_0007", "m_000000_0", UNSTARTABLE), id -> { });
    Wait.until("the failed start to be reported as an exit", WAIT, () -> exited.containsKey(child.childId));
    assertEquals(-1, exited.get(child.childId));
    assertTrue(child.startFailure().contains("no such JVM option"), child.startFailure());
    assertNull(pool.byId(child.childId));
    assertTrue(!child.isStarting() && !child.isAlive());
  }

  @Test
  void whileAJobsChildStartsItsLaterLaunchesQueueOnItAndOtherJobsAreNotHeldUp() throws Exception {
    java.util.concurrent.ExecutorService first = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var starting = first.submit(() -> pool.submit(launch("job_1_0008", "m_000000_0", SLOW), id -> { }));
      assertTrue(slowStarting.await(10, java.util.concurrent.TimeUnit.SECONDS), "the slow start began");
      // The pool's monitor is free while the JVM starts: another job gets its child now.
      JobChild other = pool.submit(launch("job_1_0009", "m_000000_0", null), id -> { });
      assertTrue(other.isAlive());
      JobChild queued = pool.submit(launch("job_1_0008", "m_000001_0", SLOW), id -> { });
      assertTrue(queued.isStarting(), "the second launch waits on the starting child, not a new one");
      releaseSlow.countDown();
      JobChild started = starting.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertSame(started, queued);
      Wait.until("the started child to read its binding", WAIT, () -> bindingOf(started.childId).contains("job_1_0008"));
      assertEquals("attempt_1_0008_m_000000_0", started.take(0).attemptId());
      assertEquals("attempt_1_0008_m_000001_0", started.take(0).attemptId());
      assertEquals(1, launched.stream().filter(started.childId::equals).count());
    } finally {
      releaseSlow.countDown();
      first.shutdownNow();
    }
  }

  @Test
  void aJobRemovedWhileItsChildStartsHasTheChildKilledOnceStarted() throws Exception {
    java.util.concurrent.ExecutorService first = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var starting = first.submit(() -> pool.submit(launch("job_1_0010", "m_000000_0", SLOW), id -> { }));
      assertTrue(slowStarting.await(10, java.util.concurrent.TimeUnit.SECONDS), "the slow start began");
      JobChild removed = pool.remove("job_1_0010");
      releaseSlow.countDown();
      assertSame(removed, starting.get(10, java.util.concurrent.TimeUnit.SECONDS));
      Wait.until("the removed child's exit to be reported", WAIT, () -> exited.containsKey(removed.childId));
      assertTrue(!removed.isAlive());
      assertNull(pool.byId(removed.childId));
    } finally {
      releaseSlow.countDown();
      first.shutdownNow();
    }
  }

  private String bindingOf(String childId) {
    try {
      return Files.readString(dir.resolve(childId + ".stdout"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TaskLaunch launch(String jobId, String task, String childOpts) throws IOException {
    Configuration job = new Configuration(false);
    if (childOpts != null) {
      WorkerKeys.CHILD_JAVA_OPTS.set(job, childOpts);
    }
    String attempt = "attempt_" + jobId.substring(4) + "_" + task;
    return new TaskLaunch(1, jobId, attempt, TaskKind.MAP, 0, null, 1, 0, job.toBytes(), null, "alice", null,
        List.of());
  }
}
