package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.security.ClusterCredentials;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's attempt path without a network: launches and kills as the master sends them, the
 * calls a child makes, children that are real processes ({@code cat}, which copies the binding
 * written on its stdin to its stdout file), and a master that records what it hears.
 */
class TaskManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String WORKER = "w1";

  @TempDir
  Path dir;
  private final RecordingMaster master = new RecordingMaster();
  private WorkerLoop loop;
  private TaskManager tasks;
  private ChildPool pool;
  private LocalDirs dirs;
  private ExecutorService caller;

  @BeforeEach
  void start() {
    Configuration conf = new Configuration();
    conf.set("fs." + GatedFileSystem.SCHEME + ".impl", GatedFileSystem.class.getName());
    dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    JobTokenIssuer tokens = new JobTokenIssuer(ClusterCredentials.ofSecret(new byte[32], false), 3_600_000,
        System::currentTimeMillis);
    ChildLauncher cat = new ChildLauncher() {
      @Override
      public JobChild newChild(String childId) {
        return new JobChild(null, childId, dir.resolve(childId + ".stdout"), dir.resolve(childId + ".stderr"));
      }

      @Override
      public void start(JobChild child, String opts, ChildIdentities.Identity identity) throws IOException {
        child.started(new ProcessBuilder("cat").redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(child.stdout.toFile()).redirectError(child.stderr.toFile()).start());
      }
    };
    loop = new WorkerLoop();
    tasks = new TaskManager(WORKER, "h:1", dirs, master, 600_000, 1_000, () -> -1L, loop);
    pool = new ChildPool(conf, dirs, WORKER, tokens, ChildIdentities.sameAsWorker(), cat, loop, tasks::childExited);
    tasks.setPool(pool);
    caller = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() {
    GatedFileSystem.release();
    caller.shutdownNow();
    tasks.close();
  }

  @Test
  void anAttemptRunsFromLaunchToDoneThroughItsChild() throws Exception {
    TaskLaunch l = launch("job_1_0001", "m_000000_0", null);
    tasks.launch(l);
    String child = childOf(l);
    assertEquals(l.attemptId(), tasks.nextTask(child, 1_000).attemptId(), "the child registers and gets it");
    assertEquals("job_1_0001", tasks.jobOfChild(child));

    assertTrue(tasks.statusUpdate(status(l, 0.5f)), "a running attempt is wanted");
    AttemptStatus heard = master.statuses.get(l.attemptId());
    assertEquals(WORKER, heard.workerId(), "stamped with this worker");
    assertEquals("h:1", heard.shuffleEndpoint());
    assertTrue(tasks.canCommit(1, l.attemptId()));

    assertFalse(tasks.mapFinished(l.attemptId()), "no output served before the map is done");
    tasks.done(status(l, 1f)); // the child goes on; the report leaves with the worker's next call
    Wait.until("the master to hear of the success", Duration.ofSeconds(10), () -> master.done.containsKey(l.attemptId()));
    assertEquals(WORKER, master.done.get(l.attemptId()).workerId());
    assertTrue(tasks.mapFinished(l.attemptId()), "the shuffle serves it now");
    assertTrue(tasks.running().isEmpty());
    assertTrue(master.failed.isEmpty());
    assertFalse(tasks.statusUpdate(status(l, 1f)), "a finished attempt is not wanted any more");
  }

  @Test
  void aKilledAttemptIsWithdrawnOrToldToStopAndReportedKilled() throws Exception {
    TaskLaunch running = launch("job_1_0002", "m_000000_0", null);
    TaskLaunch queued = launch("job_1_0002", "m_000001_0", null);
    tasks.launch(running);
    tasks.launch(queued);
    String child = childOf(running);
    assertEquals(running.attemptId(), tasks.nextTask(child, 1_000).attemptId());

    tasks.kill(1, queued.attemptId());
    Wait.until("a kill of an attempt not taken yet to be reported", WAIT,
        () -> master.failed.containsKey(queued.attemptId()));
    assertEquals("killed", master.failed.get(queued.attemptId()));
    assertTrue(master.killed.contains(queued.attemptId()));
    assertNull(tasks.nextTask(child, 0), "the child does not get it");

    tasks.kill(1, running.attemptId());
    assertFalse(tasks.statusUpdate(status(running, 0.5f)), "its next report tells the child to stop");
    assertFalse(tasks.canCommit(1, running.attemptId()));
    tasks.done(status(running, 1f)); // the child ended it anyway
    Wait.until("the kill to be reported once its programs are gone", WAIT,
        () -> master.failed.containsKey(running.attemptId()));
    assertEquals("killed", master.failed.get(running.attemptId()));
    assertTrue(master.killed.contains(running.attemptId()));
    assertFalse(master.done.containsKey(running.attemptId()), "a killed attempt never succeeds");
    assertFalse(tasks.mapFinished(running.attemptId()));
  }

  @Test
  void aChildThatDiesFailsItsAttemptsWithTheReason() throws Exception {
    TaskLaunch taken = launch("job_1_0003", "m_000000_0", null);
    TaskLaunch waiting = launch("job_1_0003", "m_000001_0", null);
    tasks.launch(taken);
    tasks.launch(waiting);
    String child = childOf(taken);
    assertEquals(taken.attemptId(), tasks.nextTask(child, 1_000).attemptId());
    Files.writeString(dir.resolve(child + ".stderr"), "java.lang.OutOfMemoryError: Java heap space\n");

    pool.byId(child).kill();
    Wait.until("both attempts to be failed", WAIT,
        () -> master.failed.containsKey(taken.attemptId()) && master.failed.containsKey(waiting.attemptId()));
    String why = master.failed.get(taken.attemptId());
    assertTrue(why.startsWith("child JVM exited with code 137"), why);
    assertTrue(why.contains("OutOfMemoryError"), "with the end of its stderr: " + why);
    assertFalse(master.killed.contains(taken.attemptId()), "a failure, counted against the task");
    assertTrue(tasks.running().isEmpty());
    assertFalse(tasks.statusUpdate(status(taken, 0.5f)));

    TaskLaunch again = launch("job_1_0003", "m_000000_1", null);
    tasks.launch(again);
    String next = childOf(again);
    assertFalse(next.equals(child), "the job gets a new child");
    assertEquals(again.attemptId(), tasks.nextTask(next, 1_000).attemptId());
  }

  @Test
  void aJobWhoseJarCopyIsSlowHoldsUpNeitherAnotherJobsLaunchNorAStatusCall() throws Exception {
    Path staged = dir.resolve("staging/job.jar");
    Files.createDirectories(staged.getParent());
    byte[] jar = new byte[100_000];
    new java.util.Random(7).nextBytes(jar);
    Files.write(staged, jar);
    TaskLaunch slow = launch("job_1_0004", "m_000000_0", GatedFileSystem.SCHEME + "://" + staged);
    TaskLaunch other = launch("job_1_0005", "m_000000_0", null);
    TaskLaunch otherRunning = launch("job_1_0005", "m_000001_0", null);
    tasks.launch(otherRunning);
    String otherChild = childOf(otherRunning);
    assertEquals(otherRunning.attemptId(), tasks.nextTask(otherChild, 1_000).attemptId());

    GatedFileSystem.shut();
    // As the master sends them: one launch call per worker, the slow job's launch first.
    Endpoints.Launch endpoint = new Endpoints.Launch(tasks);
    Future<?> sent = caller.submit(() -> {
      endpoint.launch(List.of(slow, other), java.util.Map.of());
      return null;
    });
    Wait.until("the jar copy to wait at the gate", WAIT, () -> GatedFileSystem.waiting() == 1);
    sent.get(10, TimeUnit.SECONDS); // the master's call returns while the copy waits
    assertEquals(other.attemptId(), tasks.nextTask(otherChild, 1_000).attemptId(), "the other job's attempt runs");
    assertTrue(tasks.statusUpdate(status(otherRunning, 0.5f)), "a status call is answered meanwhile");
    assertEquals(null, runningChild(slow), "the slow job's attempt waits for its jar, on no child");

    GatedFileSystem.release();
    String slowChild = childOf(slow);
    assertEquals(slow.attemptId(), tasks.nextTask(slowChild, 1_000).attemptId());
    assertArrayEquals(jar, Files.readAllBytes(dirs.jobJar(slow.jobId(), slow.jarPath())), "the jar as staged");
    assertTrue(master.failed.isEmpty(), master.failed.toString());
  }

  /** Waits until the attempt is queued on a child, and that child read its binding; the child's id. */
  private String childOf(TaskLaunch l) {
    String[] child = new String[1];
    Wait.until(l.attemptId() + " to be queued on a child", WAIT, () -> (child[0] = runningChild(l)) != null);
    Wait.until("child " + child[0] + " to read its binding", WAIT, () -> bindingOf(child[0]).contains(l.jobId()));
    return child[0];
  }

  private String runningChild(TaskLaunch l) {
    return tasks.running().stream().filter(a -> a.attemptId().equals(l.attemptId()))
        .map(TaskManager.RunningAttempt::childId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private String bindingOf(String childId) {
    try {
      Path out = dir.resolve(childId + ".stdout");
      return Files.exists(out) ? Files.readString(out) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static AttemptStatus status(TaskLaunch l, float progress) {
    return new AttemptStatus(l.epoch(), l.attemptId(), null, progress, "", CountersSnapshot.EMPTY, null);
  }

  private static TaskLaunch launch(String jobId, String task, String jarPath) throws IOException {
    String attempt = "attempt_" + jobId.substring(4) + "_" + task;
    return new TaskLaunch(1, jobId, attempt, TaskKind.MAP, 0, null, 1, 0, new Configuration(false).toBytes(), jarPath,
        "alice", null, List.of());
  }

  /** The master's side of the umbilical: records what the worker tells it, and wants every attempt. */
  private static final class RecordingMaster implements TaskUmbilicalProtocol {
    final Map<String, AttemptStatus> statuses = new ConcurrentHashMap<>();
    final Map<String, AttemptStatus> done = new ConcurrentHashMap<>();
    final Map<String, String> failed = new ConcurrentHashMap<>();
    final java.util.Set<String> killed = ConcurrentHashMap.newKeySet();

    @Override
    public boolean statusUpdate(AttemptStatus status) {
      statuses.put(status.attemptId(), status);
      return true;
    }

    @Override
    public boolean canCommit(long epoch, String attemptId) {
      return true;
    }

    @Override
    public void done(AttemptStatus status) {
      done.put(status.attemptId(), status);
    }

    @Override
    public void failed(AttemptStatus status, String diagnostics, boolean wasKilled) {
      if (wasKilled) {
        killed.add(status.attemptId());
      }
      failed.put(status.attemptId(), diagnostics);
    }

    /** Records each report as its single call would, and wants every attempt (YES to all). */
    @Override
    public List<io.quern.protocol.mapred.ReportAnswer> report(List<io.quern.protocol.mapred.AttemptReport> reports) {
      for (io.quern.protocol.mapred.AttemptReport r : reports) {
        switch (r.kind()) {
          case STATUS -> statusUpdate(r.status());
          case COMMIT -> { }
          case DONE -> done(r.status());
          case FAILED, KILLED -> failed(r.status(), r.diagnostics(),
              r.kind() == io.quern.protocol.mapred.AttemptReport.Kind.KILLED);
        }
      }
      return java.util.Collections.nCopies(reports.size(), io.quern.protocol.mapred.ReportAnswer.YES);
    }

    @Override
    public List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex) {
      return List.of();
    }

    @Override
    public void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId) {}

    @Override
    public List<String> endedJobs(long epoch, List<String> jobIds) {
      return List.of();
    }
  }
}
