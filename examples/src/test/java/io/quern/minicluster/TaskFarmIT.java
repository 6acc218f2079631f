package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobClient;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.tools.JobCli;
import io.quern.streaming.StreamJob;
import io.quern.testutil.Wait;
import io.quern.util.GenericOptionsParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Farms of external programs on a cluster of two workers with real task JVMs and Python
 * programs: a kill stops an evaluator and the grandchild it forked (which left its session and
 * ignores SIGTERM), attempts get GPUs one at a time (the workers offer 1 and 2), and attempts'
 * ends are visible while the job still runs.
 */
@Timeout(180)
class TaskFarmIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  /** Where the programs live and write: open to the jobs' task user ids. */
  static java.nio.file.Path shared;
  static MiniMrCluster cluster;
  static FileSystem fs;
  static final List<List<String>> GPUS = List.of(List.of("0"), List.of("0", "1"));

  /**
   * Starts a daemon grandchild (double fork: no longer the evaluator's descendant, in a session of
   * its own) that ignores SIGTERM and sleeps; then writes
   * "EVALUATOR_PID GRANDCHILD_PID" to $PIDS/ATTEMPT_ID and sleeps, ignoring SIGTERM too.
   */
  static final String STUBBORN_PY = String.join("\n",
      "import os, signal, sys, time",
      "signal.signal(signal.SIGTERM, signal.SIG_IGN)",
      "r, w = os.pipe()",
      "middle = os.fork()",
      "if middle == 0:",
      "    os.setsid()",
      "    if os.fork() != 0:",
      "        os._exit(0)",
      "    null = os.open(os.devnull, os.O_RDWR)",
      "    for fd in (0, 1, 2):",
      "        os.dup2(null, fd)",
      "    os.write(w, b'%d\\n' % os.getpid())",
      "    time.sleep(600)",
      "    os._exit(0)",
      "os.waitpid(middle, 0)",
      "child = int(os.fdopen(r).readline())",
      "out = os.path.join(os.environ['PIDS'], os.environ['mapreduce_task_attempt_id'])",
      "with open(out + '.tmp', 'w') as f:",
      "    f.write('%d %d' % (os.getpid(), child))",
      "os.rename(out + '.tmp', out)",
      "time.sleep(600)",
      "");

  /** One evaluation on a GPU: prints ATTEMPT TAB CUDA_VISIBLE_DEVICES QUERN_TASK_GPUS START END. */
  static final String GPU_TASK_PY = String.join("\n",
      "import os, sys, time",
      "sys.stdin.read()",
      "start = time.time()",
      "time.sleep(0.8)",
      "end = time.time()",
      "print('%s\\t%s %s %.3f %.3f' % (os.environ['mapreduce_task_attempt_id'],",
      "    os.environ.get('CUDA_VISIBLE_DEVICES', 'unset'), os.environ.get('QUERN_TASK_GPUS', 'unset'), start, end))",
      "");

  /** Echoes its candidate; the one named "slow" waits until the file $RELEASE exists. */
  static final String MAYBE_SLOW_PY = String.join("\n",
      "import os, sys, time",
      "line = sys.stdin.read().strip()",
      "while line.endswith('slow') and not os.path.exists(os.environ['RELEASE']):",
      "    time.sleep(0.05)",
      "print(line.split('\\t')[-1] + '\\tdone')",
      "");

  @BeforeAll
  static void start() throws Exception {
    shared = Files.createTempDirectory("taskfarm");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    for (String[] f : new String[][] {{"stubborn.py", STUBBORN_PY}, {"gpu_task.py", GPU_TASK_PY},
        {"maybe_slow.py", MAYBE_SLOW_PY}}) {
      Files.writeString(shared.resolve(f[0]), f[1]);
      Files.setPosixFilePermissions(shared.resolve(f[0]), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createDirectory(shared.resolve("pids"));
    Files.setPosixFilePermissions(shared.resolve("pids"), PosixFilePermissions.fromString("rwxrwxrwx"));
    cluster = MiniMrCluster.builder(dir).workers(2).slots(3, 1).onDfs()
        .set("mapred.map.tasks.speculative.execution", "false")
        .workerConf((i, conf) -> conf.set("mapred.worker.gpu.ids", String.join(",", GPUS.get(i)))).start();
    fs = cluster.fileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (shared != null) {
      try (var files = Files.walk(shared)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Job submit(String... args) throws Exception {
    Configuration conf = cluster.conf();
    String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
    Job job = StreamJob.createJob(conf, rest);
    job.submit();
    return job;
  }

  /** A condition that may throw, for Wait.until: a failure to evaluate it fails the test. */
  static java.util.function.BooleanSupplier check(java.util.concurrent.Callable<Boolean> c) {
    return () -> {
      try {
        return c.call();
      } catch (Exception e) {
        throw new AssertionError("cannot evaluate the condition: " + e, e);
      }
    };
  }

  /** The parent of a process, from /proc; -1 when it is gone. */
  static long parentOf(long pid) {
    try {
      String stat = Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Whether the process runs: in /proc and no zombie. */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** The pids an attempt's evaluator wrote, once it has: evaluator, grandchild. */
  static long[] pids(String attempt) throws IOException {
    return java.util.Arrays.stream(Files.readString(shared.resolve("pids").resolve(attempt)).trim().split(" "))
        .mapToLong(Long::parseLong).toArray();
  }

  /** Attempts whose evaluator wrote its pids, in no order. */
  static Set<String> attemptsWithPids() throws IOException {
    Set<String> out = new TreeSet<>();
    try (var files = Files.list(shared.resolve("pids"))) {
      files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).forEach(out::add);
    }
    return out;
  }

  /** Waits until neither process runs; returns how long it took from {@code since}. */
  static long waitGone(long[] pids, long since, String what) {
    Wait.until(what, Duration.ofSeconds(10), () -> !running(pids[0]) && !running(pids[1]));
    return (System.nanoTime() - since) / 1_000_000;
  }

  @Test
  void killingAnAttemptOrItsJobStopsTheEvaluatorAndItsStubbornGrandchild() throws Exception {
    cluster.write("/user/farm/kill/in.txt", "candidate-1\n");
    Job job = submit("-input", "/user/farm/kill/in.txt", "-output", "/user/farm/kill/out",
        "-mapper", "python3 " + shared.resolve("stubborn.py"), "-cmdenv", "PIDS=" + shared.resolve("pids"),
        "-reducer", "NONE");
    Wait.until("the evaluator to write its pids", Duration.ofSeconds(60), check(() -> attemptsWithPids().size() == 1));
    String first = attemptsWithPids().iterator().next();
    long[] firstPids = pids(first);
    assertTrue(running(firstPids[0]) && running(firstPids[1]), "evaluator and grandchild run");
    assertTrue(parentOf(firstPids[1]) != firstPids[0], "the grandchild is no longer the evaluator's descendant");

    long start = System.nanoTime();
    try (JobClient client = new JobClient(cluster.conf())) {
      client.killTask(first, false);
    }
    long killMillis = waitGone(firstPids, start, "the killed attempt's evaluator and grandchild to be gone");
    System.out.println("TaskFarmIT: -kill-task stopped the evaluator and its SIGTERM-ignoring grandchild in "
        + killMillis + " ms");
    assertTrue(killMillis < 3_000, "kill took " + killMillis + " ms");

    // The task runs again (a kill is no failure); killing the job stops that attempt too.
    Wait.until("the task's next attempt to write its pids", Duration.ofSeconds(60),
        check(() -> attemptsWithPids().size() == 2));
    String second = attemptsWithPids().stream().filter(a -> !a.equals(first)).findFirst().orElseThrow();
    long[] secondPids = pids(second);
    start = System.nanoTime();
    job.killJob();
    long jobKillMillis = waitGone(secondPids, start, "the killed job's evaluator and grandchild to be gone");
    System.out.println("TaskFarmIT: job kill stopped the evaluator and its grandchild in " + jobKillMillis + " ms");
    assertTrue(jobKillMillis < 3_000, "job kill took " + jobKillMillis + " ms");
    Wait.until("the job to end", Duration.ofSeconds(30), check(job::isComplete));
    assertEquals(JobState.KILLED, job.getJobState());
    List<TaskCompletionEvent.Status> ends = new ArrayList<>();
    for (TaskCompletionEvent e : job.getTaskCompletionEvents(0)) {
      ends.add(e.getStatus());
    }
    assertEquals(List.of(TaskCompletionEvent.Status.KILLED, TaskCompletionEvent.Status.KILLED), ends);
  }

  @Test
  void gpuTasksGetExactlyOneGpuOfTheirWorkerAndNeverShareIt() throws Exception {
    int tasks = 12;
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < tasks; i++) {
      in.append("candidate-").append(i).append('\n');
    }
    cluster.write("/user/farm/gpu/in.txt", in.toString());
    Job job = submit("-D", "mapreduce.map.gpus=1", "-D", "mapreduce.input.lineinputformat.linespermap=1",
        "-input", "/user/farm/gpu/in.txt", "-output", "/user/farm/gpu/out", "-inputformat", "NLineInputFormat",
        "-mapper", "python3 " + shared.resolve("gpu_task.py"), "-reducer", "NONE");
    job.waitForCompletion(false);
    assertTrue(job.isSuccessful(), job.getFailureInfo());
    Map<String, String> workerOf = new HashMap<>();
    Map<String, Integer> workerIndexOf = new HashMap<>();
    for (int from = 0;;) {
      TaskCompletionEvent[] events = job.getTaskCompletionEvents(from);
      if (events.length == 0) {
        break;
      }
      for (TaskCompletionEvent e : events) {
        workerOf.put(e.getTaskAttemptId().toString(), e.getWorkerId());
        for (int i = 0; i < GPUS.size(); i++) {
          if (cluster.worker(i).endpoint().toString().equals(e.getTaskTrackerHttp())) {
            workerIndexOf.put(e.getWorkerId(), i);
          }
        }
      }
      from += events.length;
    }
    List<String> workerIds = new ArrayList<>(new TreeSet<>(workerOf.values()));
    record Run(String attempt, String worker, String gpu, double start, double end) {}
    List<Run> runs = new ArrayList<>();
    for (String line : cluster.output("/user/farm/gpu/out")) {
      String[] kv = line.split("\t");
      String[] f = kv[1].split(" ");
      assertEquals(f[0], f[1], "CUDA_VISIBLE_DEVICES and QUERN_TASK_GPUS agree: " + line);
      runs.add(new Run(kv[0], workerOf.get(kv[0]), f[0], Double.parseDouble(f[2]), Double.parseDouble(f[3])));
    }
    assertEquals(tasks, runs.size(), "one line per task: " + runs);
    Set<String> used = new TreeSet<>();
    for (Run r : runs) {
      assertTrue(r.worker() != null, "an event names the worker of " + r.attempt());
      assertFalse(r.gpu().contains(","), "exactly one GPU: " + r);
      assertTrue(GPUS.get(workerIndexOf.get(r.worker())).contains(r.gpu()), "a GPU its worker offers: " + r);
      used.add(r.worker() + "/" + r.gpu());
    }
    int overlapping = 0;
    for (int i = 0; i < runs.size(); i++) {
      for (int j = i + 1; j < runs.size(); j++) {
        Run a = runs.get(i);
        Run b = runs.get(j);
        boolean overlap = a.start() < b.end() && b.start() < a.end();
        if (overlap) {
          overlapping++;
          assertFalse(a.worker().equals(b.worker()) && a.gpu().equals(b.gpu()),
              "two tasks ran at once on GPU " + a.gpu() + " of " + a.worker() + ": " + a + " and " + b);
        }
      }
    }
    System.out.println("TaskFarmIT: " + tasks + " GPU tasks on " + used + " of workers " + workerIds + ", "
        + overlapping + " overlapping pairs, none sharing a GPU");
    assertTrue(used.size() >= 2, "the tasks spread over several GPUs: " + used);
    assertTrue(used.size() <= 3, "only the 3 GPUs the workers offer were used: " + used);
  }

  @Test
  void theEndsOfQuickTasksAreEventsWhileASlowOneStillRuns() throws Exception {
    java.nio.file.Path release = shared.resolve("release");
    cluster.write("/user/farm/events/in.txt", "quick-a\nquick-b\nquick-c\nslow\n");
    Job job = submit("-D", "mapreduce.input.lineinputformat.linespermap=1", "-input", "/user/farm/events/in.txt",
        "-output", "/user/farm/events/out", "-inputformat", "NLineInputFormat",
        "-mapper", "python3 " + shared.resolve("maybe_slow.py"), "-cmdenv", "RELEASE=" + release, "-reducer", "NONE");
    List<TaskCompletionEvent> seen = new ArrayList<>();
    Wait.until("the quick tasks' ends to be events", Duration.ofSeconds(60), check(() -> {
      seen.addAll(List.of(job.getTaskCompletionEvents(seen.size())));
      return seen.size() >= 3;
    }));
    assertFalse(job.isComplete(), "the slow task holds the job");
    assertEquals(3, seen.size(), "only the quick ones ended: " + seen);
    for (int i = 0; i < 3; i++) {
      assertEquals(i, seen.get(i).getEventId());
      assertEquals(TaskCompletionEvent.Status.SUCCEEDED, seen.get(i).getStatus());
      assertTrue(seen.get(i).isMapTask());
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertEquals(0, new JobCli(cluster.conf(), new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(new String[] {"-events", job.getJobID().toString()}));
    List<String> lines = List.of(printed.toString(StandardCharsets.UTF_8).strip().split("\n"));
    assertEquals(3, lines.size(), lines.toString());
    for (int i = 0; i < 3; i++) {
      String[] f = lines.get(i).split(" ");
      assertEquals(seen.get(i).getTaskAttemptId().toString(), f[0]);
      assertEquals("SUCCEEDED", f[1]);
      assertEquals(seen.get(i).getWorkerId(), f[2]);
    }

    Files.writeString(release, "go");
    // -follow prints the rest as it happens and returns once the job has ended.
    ByteArrayOutputStream followed = new ByteArrayOutputStream();
    assertEquals(0, new JobCli(cluster.conf(), new PrintStream(followed, true, StandardCharsets.UTF_8))
        .run(new String[] {"-events", job.getJobID().toString(), "3", "10", "-follow"}));
    assertTrue(job.isComplete());
    assertTrue(job.isSuccessful(), job.getFailureInfo());
    List<String> rest = List.of(followed.toString(StandardCharsets.UTF_8).strip().split("\n"));
    assertEquals(1, rest.size(), rest.toString());
    assertTrue(rest.get(0).contains(" SUCCEEDED "), rest.get(0));
    assertEquals(4, job.getTaskCompletionEvents(0).length);
    assertEquals(List.of("done", "done", "done", "done"),
        cluster.output("/user/farm/events/out").stream().map(l -> l.split("\t")[1]).toList());
  }
}
