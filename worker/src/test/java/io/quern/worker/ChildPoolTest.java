package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * was given. Which child serves which job, the spare, deaths and removals, each asked of and
 * told to the worker loop that owns the pool's tables.
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
  private final WorkerLoop loop = new WorkerLoop();
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
    pool = new ChildPool(conf, dirs, "w1", tokens, ChildIdentities.sameAsWorker(), cat, loop,
        (child, code) -> exited.put(child.childId, code));
  }

  @AfterEach
  void stopPool() throws Exception {
    releaseSlow.countDown();
    onLoop(() -> pool.removeAll(true));
    loop.close();
  }

  /** What the pool's owner, the loop, answers. */
  private <T> T onLoop(java.util.function.Supplier<T> question) throws Exception {
    return loop.call(question::get);
  }

  private void onLoop(Runnable event) throws Exception {
    loop.call(() -> {
      event.run();
      return null;
    });
  }

  /** Submits the launch on the loop and waits until the pool placed it on a child, which may still be starting. */
  private JobChild submit(TaskLaunch launch) throws Exception {
    java.util.concurrent.CompletableFuture<JobChild> where = new java.util.concurrent.CompletableFuture<>();
    onLoop(() -> pool.submit(launch, new ChildPool.Placement() {
      @Override
      public void placed(JobChild child) {
        where.complete(child);
      }

      @Override
      public void failed(String why) {
        where.completeExceptionally(new IOException(why));
      }
    }));
    return where.get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aJobsFirstAttemptTakesTheSpareAndItsLaterAttemptsGoToTheSameChild() throws Exception {
    onLoop(pool::startSpare);
    Wait.until("the spare started", WAIT, () -> launched.size() == 1);
    String spare = launched.get(0);
    assertEquals(WorkerKeys.CHILD_JAVA_OPTS.declaredDefault(), optsOf.get(spare));

    JobChild first = submit(launch("job_1_0001", "m_000000_0", null));
    JobChild second = submit(launch("job_1_0001", "m_000001_0", null));
    assertEquals(spare, first.childId, "the spare is adopted");
    assertSame(first, second, "one child per job");
    assertEquals("job_1_0001", first.jobId());
    Wait.until("the spare read its binding", WAIT, () -> bindingOf(spare).contains("job_1_0001"));
    assertEquals(1, launched.size(), "no other JVM was started");
    assertEquals("attempt_1_0001_m_000000_0", first.take(0).attemptId());
    assertEquals("attempt_1_0001_m_000001_0", first.take(0).attemptId());
    assertSame(first, pool.byId(spare));
  }

  @Test
  void aJobWithChildOptionsOfItsOwnGetsItsOwnChildAndTheSpareWaitsForTheNext() throws Exception {
    onLoop(pool::startSpare);
    Wait.until("the spare started", WAIT, () -> launched.size() == 1);
    String spare = launched.get(0);
    JobChild own = submit(launch("job_1_0002", "m_000000_0", "-Xmx64m"));
    assertNotEquals(spare, own.childId);
    Wait.until("the job's child read its binding", WAIT, () -> bindingOf(own.childId).contains("job_1_0002"));
    assertEquals("-Xmx64m", optsOf.get(own.childId));
    assertEquals("", bindingOf(spare), "the spare is not bound");

    JobChild next = submit(launch("job_1_0003", "m_000000_0", null));
    assertEquals(spare, next.childId, "the next job with the worker's options takes it");
  }

  @Test
  void aDeadChildIsForgottenAndReportedAndItsJobGetsANewOne() throws Exception {
    JobChild child = submit(launch("job_1_0004", "m_000000_0", null));
    Wait.until("the child started", WAIT, child::isAlive);
    child.kill();
    Wait.until("the exit is reported", WAIT, () -> exited.containsKey(child.childId));
    assertNull(pool.byId(child.childId), "forgotten before the exit handler ran");

    JobChild again = submit(launch("job_1_0004", "m_000000_1", null));
    assertNotEquals(child.childId, again.childId);
    Wait.until("the new child started", WAIT, again::isAlive);
    assertEquals(2, launched.size());
  }

  @Test
  void removingAJobKillsItsChildAndAClosedPoolStartsNoSpare() throws Exception {
    JobChild child = submit(launch("job_1_0005", "m_000000_0", null));
    Wait.until("the child started", WAIT, child::isAlive);
    assertSame(child, onLoop(() -> pool.remove("job_1_0005")));
    assertNull(pool.byId(child.childId));
    Wait.until("the removed child's exit is reported", WAIT, () -> exited.containsKey(child.childId));

    onLoop(() -> pool.removeAll(true));
    onLoop(pool::startSpare);
    onLoop(() -> pool.maybeStartSpare(true));
    assertNull(onLoop(pool::spare), "closed: no spare");
  }

  @Test
  void theNextSpareStartsWhenAnAttemptEndsNotWhenTheLastOneIsTaken() throws Exception {
    onLoop(pool::startSpare);
    Wait.until("the spare started", WAIT, () -> launched.size() == 1);
    submit(launch("job_1_0006", "m_000000_0", null));
    assertNull(onLoop(pool::spare), "taken");
    onLoop(() -> pool.maybeStartSpare(false));
    assertNull(onLoop(pool::spare), "not at once: the job's first attempts have the cores");
    onLoop(() -> pool.maybeStartSpare(true));
    JobChild next = onLoop(pool::spare);
    assertNotNull(next, "an attempt ended: the next spare starts");
    Wait.until("the next spare started", WAIT, () -> launched.size() == 2);
    onLoop(() -> pool.maybeStartSpare(true));
    assertSame(next, onLoop(pool::spare), "one spare at a time");
    assertEquals(2, launched.size());
  }

  @Test
  void aChildThatCannotStartEndsAsIfItExitedWithTheReason() throws Exception {
    JobChild child = submit(launch("job_1_0007", "m_000000_0", UNSTARTABLE));
    Wait.until("the failed start to be reported as an exit", WAIT, () -> exited.containsKey(child.childId));
    assertEquals(-1, exited.get(child.childId));
    assertTrue(child.startFailure().contains("no such JVM option"), child.startFailure());
    assertNull(pool.byId(child.childId));
    assertTrue(!child.isStarting() && !child.isAlive());
  }

  @Test
  void whileAJobsChildStartsItsLaterLaunchesQueueOnItAndOtherJobsAreNotHeldUp() throws Exception {
    JobChild starting = submit(launch("job_1_0008", "m_000000_0", SLOW));
    assertTrue(slowStarting.await(10, java.util.concurrent.TimeUnit.SECONDS), "the slow start began");
    // The loop is free while the JVM starts: another job gets its child now.
    JobChild other = submit(launch("job_1_0009", "m_000000_0", null));
    Wait.until("the other job's child started", WAIT, other::isAlive);
    JobChild queued = submit(launch("job_1_0008", "m_000001_0", SLOW));
    assertSame(starting, queued, "the second launch waits on the starting child, not a new one");
    assertTrue(queued.isStarting());
    releaseSlow.countDown();
    Wait.until("the started child to read its binding", WAIT, () -> bindingOf(starting.childId).contains("job_1_0008"));
    assertEquals("attempt_1_0008_m_000000_0", starting.take(0).attemptId());
    assertEquals("attempt_1_0008_m_000001_0", starting.take(0).attemptId());
    assertEquals(1, launched.stream().filter(starting.childId::equals).count());
  }

  @Test
  void aJobRemovedWhileItsChildStartsHasTheChildKilledOnceStarted() throws Exception {
    JobChild starting = submit(launch("job_1_0010", "m_000000_0", SLOW));
    assertTrue(slowStarting.await(10, java.util.concurrent.TimeUnit.SECONDS), "the slow start began");
    assertSame(starting, onLoop(() -> pool.remove("job_1_0010")));
    releaseSlow.countDown();
    Wait.until("the removed child's exit to be reported", WAIT, () -> exited.containsKey(starting.childId));
    assertTrue(!starting.isAlive());
    assertNull(pool.byId(starting.childId));
    assertEquals(1, launched.size(), "it was started, then killed");
  }

  private String bindingOf(String childId) {
    try {
      Path out = dir.resolve(childId + ".stdout");
      return Files.exists(out) ? Files.readString(out) : "";
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
