package io.quern.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real program on the other side of the pipes: ordering, deadlock freedom, failures, stderr, liveness. */
@Timeout(60)
class StreamProcessTest {
  @TempDir
  Path work;

  private TaskAttemptContextImpl context(String timeout) {
    Configuration conf = new Configuration();
    conf.set(MRJobConfig.TASK_WORK_DIR, work.toString());
    conf.set("mapred.task.timeout", timeout);
    return new TaskAttemptContextImpl(conf, TaskAttemptID.forName("attempt_1_0001_m_000000_0"));
  }

  private static StreamProcess start(TaskAttemptContextImpl ctx, String command, List<String> out)
      throws IOException {
    return StreamProcess.start("mapper", command, ctx, null, "\t",
        (b, n) -> out.add(new String(b, 0, n, StandardCharsets.UTF_8)));
  }

  @Test
  void aProgramThatWritesMuchBeforeReadingItsInputDoesNotDeadlock() throws Exception {
    // 5 MB out before reading 5 MB in: far beyond what pipe buffers hold either way.
    String program = "python3 -c \"import sys\nfor i in range(50000): print('x' * 100)\n"
        + "sys.stdout.flush()\nfor line in sys.stdin: sys.stdout.write('in ' + line)\"";
    List<String> out = new ArrayList<>();
    try (StreamProcess p = start(context("600s"), program, out)) {
      for (int i = 0; i < 50_000; i++) {
        p.send(new Text("k" + i), new Text("y".repeat(90)));
      }
      p.finish();
    }
    assertEquals(100_000, out.size());
    assertEquals("x".repeat(100), out.get(0));
    assertEquals("in k49999\t" + "y".repeat(90), out.get(99_999));
  }

  @Test
  void reporterLinesBecomeCountersAndStatusAndTheRestStaysStderr() throws Exception {
    TaskAttemptContextImpl ctx = context("600s");
    String program = "sh -c 'cat >/dev/null; echo reporter:counter:Sweep,evaluated,5 >&2; "
        + "echo reporter:counter:Sweep,evaluated,2 >&2; echo reporter:status:almost done >&2; echo a plain line >&2'";
    try (StreamProcess p = start(ctx, program, new ArrayList<>())) {
      p.send(null, new Text("x"));
      p.finish();
    }
    assertEquals(7, ctx.getCounter("Sweep", "evaluated").getValue());
    assertEquals("almost done", ctx.getStatus());
  }

  @Test
  void aNonZeroExitFailsWithTheLastStderrLines() throws Exception {
    StringBuilder script = new StringBuilder("cat >/dev/null; ");
    for (int i = 1; i <= 12; i++) {
      script.append("echo line").append(i).append(" >&2; ");
    }
    script.append("exit 3");
    List<String> out = new ArrayList<>();
    IOException e = assertThrows(IOException.class, () -> {
      try (StreamProcess p = start(context("600s"), "sh -c '" + script + "'", out)) {
        p.send(null, new Text("x"));
        p.finish();
      }
    });
    assertEquals("the mapper 'sh -c '" + script + "'' exited with status 3; its last stderr lines: line3 | line4 | "
        + "line5 | line6 | line7 | line8 | line9 | line10 | line11 | line12", e.getMessage());
  }

  @Test
  void aProgramThatStopsReadingAndFailsSaysAfterHowManyRecords() {
    IOException e = assertThrows(IOException.class, () -> {
      try (StreamProcess p = start(context("600s"), "sh -c 'echo giving up >&2; exit 3'", new ArrayList<>())) {
        for (int i = 0; i < 200_000; i++) {
          p.send(null, new Text("record " + i));
        }
        p.finish();
      }
    });
    assertTrue(e.getMessage().startsWith("the mapper 'sh -c 'echo giving up >&2; exit 3'' stopped reading its input "
        + "after "), e.getMessage());
    assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    assertTrue(e.getMessage().endsWith("its last stderr lines: giving up"), e.getMessage());
  }

  /**
   * Whether the program's exit beats the write of its input is a race of the pipe's buffer: the
   * exit status decides, so a program that reads what it needs and exits 0 always succeeds.
   */
  @Test
  void aProgramThatReadsOneLineAndExitsZeroSucceedsWithWhatItWroteAndTheRestCounted() throws Exception {
    TaskAttemptContextImpl ctx = context("600s");
    List<String> out = new ArrayList<>();
    try (StreamProcess p = start(ctx, "sh -c 'read line; echo \"got $line\"'", out)) {
      for (int i = 0; i < 200_000; i++) {
        p.send(null, new Text("record " + i));
      }
      p.finish();
    }
    assertEquals(List.of("got record 0"), out);
    long unread = ctx.getCounter(StreamProcess.COUNTER_GROUP, StreamProcess.UNREAD_RECORDS).getValue();
    assertTrue(unread > 0 && unread < 200_000, "unread " + unread);
  }

  @Test
  void aProgramThatExitsZeroBeforeItsOneRecordIsWrittenSucceeds() throws Exception {
    for (int round = 0; round < 20; round++) {
      List<String> out = new ArrayList<>();
      try (StreamProcess p = start(context("600s"), "true", out)) {
        p.send(null, new Text("candidate " + round));
        p.finish();
      }
      assertEquals(List.of(), out);
    }
  }

  @Test
  void aMissingProgramIsOneSentence() {
    IOException e = assertThrows(IOException.class,
        () -> start(context("600s"), "no-such-program-anywhere --flag", new ArrayList<>()));
    assertTrue(e.getMessage().startsWith("cannot run the mapper 'no-such-program-anywhere --flag': "), e.getMessage());
  }

  @Test
  void aSilentProgramKeepsTheTaskAliveButAHungFrameworkCallDoesNot() throws Exception {
    // A 1 s timeout makes the watchdog tick every 100 ms.
    TaskAttemptContextImpl ctx = context("1s");
    try (StreamProcess p = start(ctx, "sleep 30", new ArrayList<>())) {
      long started = System.nanoTime();
      io.quern.testutil.Wait.until("the watchdog to report progress", java.time.Duration.ofSeconds(10),
          () -> ctx.lastProgressNanos() > started + TimeUnit.MILLISECONDS.toNanos(500));
      long[] callStarted = new long[1];
      p.inputCall(() -> {
        callStarted[0] = System.nanoTime();
        Thread.sleep(1500); // a framework call that hangs for 15 ticks
        return null;
      });
      assertTrue(ctx.lastProgressNanos() - callStarted[0] < TimeUnit.MILLISECONDS.toNanos(1000),
          "progress was reported while a framework call hung");
    }
  }

  @Test
  void theProgramRunsInTheWorkingDirectoryWithTheTasksEnvironment() throws Exception {
    java.nio.file.Files.writeString(work.resolve("shipped.txt"), "from the job\n");
    TaskAttemptContextImpl ctx = context("600s");
    ctx.getConfiguration().set(StreamKeys.ENVIRONMENT, "GREETING=hello");
    List<String> out = new ArrayList<>();
    try (StreamProcess p = start(ctx, "sh -c 'cat shipped.txt; echo $GREETING $mapred_task_id'", out)) {
      p.finish();
    }
    assertEquals(List.of("from the job", "hello attempt_1_0001_m_000000_0"), out);
  }

  /**
   * Starts a daemon grandchild (double fork: no longer the program's descendant, in a session of its
   * own) that ignores SIGTERM and sleeps; writes
   * "PROGRAM_PID GRANDCHILD_PID" to the file named by $PIDS, then ignores SIGTERM and sleeps too.
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
      "with open(os.environ['PIDS'] + '.tmp', 'w') as f:",
      "    f.write('%d %d' % (os.getpid(), child))",
      "os.rename(os.environ['PIDS'] + '.tmp', os.environ['PIDS'])",
      "time.sleep(600)",
      "");

  /** The parent of a process, from /proc; -1 when it is gone. */
  static long parentOf(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Whether the process runs: it exists in /proc and is no zombie. */
  static boolean running(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void endingTheTaskStopsTheProgramAndAForkThatLeftItsSessionAndIgnoresSigterm() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TaskProcesses.searchable(), "processes are searchable on Linux only");
    java.nio.file.Files.writeString(work.resolve("stubborn.py"), STUBBORN_PY);
    Path pids = work.resolve("pids");
    TaskAttemptContextImpl ctx = context("600s");
    ctx.getConfiguration().set(StreamKeys.ENVIRONMENT, "PIDS=" + pids);
    ctx.getConfiguration().set(TaskProcesses.GRACE_KEY, "300ms");
    long[] both;
    long took;
    try (StreamProcess p = start(ctx, "python3 stubborn.py", new ArrayList<>())) {
      io.quern.testutil.Wait.until("the program to write its pids", java.time.Duration.ofSeconds(20),
          () -> java.nio.file.Files.exists(pids));
      both = java.util.Arrays.stream(java.nio.file.Files.readString(pids).trim().split(" "))
          .mapToLong(Long::parseLong).toArray();
      assertTrue(running(both[0]) && running(both[1]), "both run before the end");
      assertTrue(parentOf(both[1]) != both[0], "the grandchild is no longer the program's descendant");
      long start = System.nanoTime();
      p.close();
      took = (System.nanoTime() - start) / 1_000_000;
    }
    assertTrue(!running(both[0]) && !running(both[1]), "both are gone once the task's end returns");
    assertTrue(took >= 300, "SIGTERM was ignored, so the stop waited out the grace: " + took + " ms");
    assertTrue(took < 5_000, "stopped within the grace and a few SIGKILL rounds: " + took + " ms");
  }

  @Test
  void theAttemptsGpusWinOverTheCommandEnvironment() throws Exception {
    TaskAttemptContextImpl ctx = context("600s");
    ctx.getConfiguration().set(StreamKeys.ENVIRONMENT, "CUDA_VISIBLE_DEVICES=0,1,2,3 QUERN_TASK_GPUS=all");
    ctx.getConfiguration().set(io.quern.mapreduce.MRJobConfig.TASK_GPUS, "2");
    List<String> out = new ArrayList<>();
    try (StreamProcess p = start(ctx, "sh -c 'echo $CUDA_VISIBLE_DEVICES $QUERN_TASK_GPUS'", out)) {
      p.finish();
    }
    assertEquals(List.of("2 2"), out);
  }
}
