package io.quern.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.testutil.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a streaming program's task: once close returns, its readers hand nothing more to the
 * task (which then closes the map output buffer or the job's output), whatever still holds the
 * program's pipes and wherever a reader is stuck.
 */
@Timeout(60)
class StreamProcessCloseTest {
  @TempDir
  Path work;

  private TaskAttemptContextImpl context(String attempt) {
    Configuration conf = new Configuration();
    conf.set(MRJobConfig.TASK_WORK_DIR, work.toString());
    conf.set(TaskProcesses.GRACE_KEY, "300ms");
    return new TaskAttemptContextImpl(conf, TaskAttemptID.forName(attempt));
  }

  /** The live threads with this name. */
  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  /**
   * The program's fork leaves its session with an empty environment (so neither its tag nor its
   * session finds it) and keeps the program's stdout and stderr open: close must still stop it,
   * and its readers with it, rather than leave them writing into the task after it returns.
   */
  @Test
  void closeStopsAForkThatLeftTheSessionAndTheTagAndHeldTheOutputOpen() throws Exception {
    Assumptions.assumeTrue(TaskProcesses.searchable() && !TaskProcesses.launcher().isEmpty(),
        "processes are found by session and tag on Linux with util-linux setsid only");
    // The fork says its pid once it is out of the session; the program then waits for it.
    Files.writeString(work.resolve("escape.sh"),
        "env -i setsid sh -c 'echo escaped $$; exec sleep 60' &\nwait\n");
    String attempt = "attempt_7_0001_m_000001_0";
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger afterClose = new AtomicInteger();
    StreamProcess p = StreamProcess.start("mapper", "sh escape.sh", context(attempt), null, "\t", (b, n) -> {
      if (closed.get()) {
        afterClose.incrementAndGet();
      }
      out.add(new String(b, 0, n, StandardCharsets.UTF_8));
    });
    long fork;
    long took;
    try {
      Wait.until("the fork to leave the session", Duration.ofSeconds(20), () -> !out.isEmpty());
      fork = Long.parseLong(out.get(0).substring("escaped ".length()));
      assertTrue(StreamProcessTest.running(fork), "the fork runs");
      assertFalse(TaskProcesses.tagged(TaskProcesses.PROCESS_VARIABLE, v -> true).contains(fork),
          "the fork carries no tag");
    } finally {
      long start = System.nanoTime();
      p.close();
      took = (System.nanoTime() - start) / 1_000_000;
      closed.set(true);
    }
    Wait.until("the fork to be gone", Duration.ofSeconds(10), () -> !StreamProcessTest.running(fork));
    Wait.until("the readers to end", Duration.ofSeconds(10),
        () -> !threadAlive(attempt + "-mapper-stdout") && !threadAlive(attempt + "-mapper-stderr"));
    assertTrue(took < 5_000, "close waited out its bound for the readers: " + took + " ms");
    assertEquals(List.of("escaped " + fork), out);
    assertEquals(0, afterClose.get(), "lines handed on after close returned");
  }

  /**
   * A reader stuck in the framework (as the map output buffer's collect waits for a spill) when the
   * attempt is killed: close, called on the interrupted task thread, returns only once the reader
   * has left the framework, and keeps the interrupt for the task.
   */
  @Test
  void closeOnAKilledTaskReturnsOnlyOnceAHandOffStuckInTheFrameworkHasEnded() throws Exception {
    String attempt = "attempt_7_0001_m_000002_0";
    CountDownLatch handingOn = new CountDownLatch(1);
    CountDownLatch spillDone = new CountDownLatch(1); // never counted down: the spill never ends by itself
    AtomicBoolean inHandOff = new AtomicBoolean();
    AtomicInteger lines = new AtomicInteger();
    StreamProcess p = StreamProcess.start("mapper", "sh -c 'echo one; echo two; exec sleep 60'", context(attempt),
        null, "\t", (b, n) -> {
          inHandOff.set(true);
          try {
            lines.incrementAndGet();
            handingOn.countDown();
            spillDone.await();
          } finally {
            inHandOff.set(false);
          }
        });
    Wait.until("the reader to hand on a line", Duration.ofSeconds(20), () -> handingOn.getCount() == 0);
    Thread.currentThread().interrupt(); // the attempt is killed
    long start = System.nanoTime();
    p.close();
    long took = (System.nanoTime() - start) / 1_000_000;
    assertTrue(Thread.interrupted(), "the kill's interrupt is kept for the task");
    assertFalse(inHandOff.get(), "close returned while the reader was still inside the task's output");
    assertEquals(1, lines.get(), "a line was handed on after the stuck one");
    assertTrue(took < 15_000, "close took " + took + " ms");
  }
}
