package io.quern.streaming;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One running streaming program and the threads around it. The task's thread writes records to
 * the program's stdin ({@link #send}); a thread reads its stdout lines and hands each to the
 * framework; a thread reads its stderr, where reporter lines update counters and status and
 * other lines go to the attempt's stderr log, the last few kept for the error message. Reading
 * and writing on separate threads means a program that writes much before it has read all its
 * input never deadlocks against the task.
 *
 * <p>A watchdog keeps the attempt alive while the program runs, however long it stays silent:
 * it reports progress each tick unless a framework call (reading the next input record, or
 * writing an output record) has been running for a whole tick, so that only a hung framework
 * counts against the task timeout. When the attempt's thread is interrupted (the attempt is
 * killed) while it is blocked on the program, the watchdog kills the program, which frees it.
 */
final class StreamProcess implements AutoCloseable {
  /** Takes one line of the program's stdout: {@code bytes[0, length)}, reused after the call. */
  interface OutputHandler {
    void line(byte[] bytes, int length) throws IOException, InterruptedException;
  }

  /** A framework call made on the task's thread, timed by the watchdog. */
  interface FrameworkCall<T> {
    T call() throws IOException, InterruptedException;
  }

  static final int TAIL_LINES = 10;
  /** Numbers the programs this JVM starts, so that each one's tag is its own. */
  private static final java.util.concurrent.atomic.AtomicLong STARTED = new java.util.concurrent.atomic.AtomicLong();
  private static final int TAIL_LINE_CHARS = 300;
  /** How long the output threads may take to drain after the program exited. */
  private static final long DRAIN_MILLIS = 60_000;
  /**
   * How long close waits for the output threads once the program's processes are stopped, and then
   * for a hand-off of theirs stuck in the framework once they are interrupted.
   */
  static final long READER_MILLIS = 5_000;

  // Immutable: set at construction, published to the three threads by Thread.start in start().
  private final String role;
  private final String command;
  /** Thread-safe (counters are atomic, status and progress volatile): used by the task's, stderr and watchdog threads. */
  private final TaskAttemptContext context;
  /** Thread-safe (java.lang.Process); its stdin is the task's thread's, stdout and stderr their readers'. */
  private final Process process;
  /** The two fields below: confined to the task's thread (the owner). */
  private final InputLineWriter stdin;
  private final BufferedOutputStream stdinStream;
  // Immutable: the threads (thread-safe objects), the tick, the tag and the grace, set at construction.
  private final Thread owner;
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final Thread watchdog;
  private final long tickNanos;
  /** The value of {@link TaskProcesses#PROCESS_VARIABLE} in the program's environment, and its forks'. */
  private final String tag;
  private final long graceMillis;
  /**
   * Thread-safe (a lock): every line the stdout reader hands on (into the map output buffer or the
   * job's output) runs inside it; close shuts it, so nothing is handed on after close returns.
   */
  private final HandOffGate stdoutGate = new HandOffGate();
  /** Thread-safe (a lock): the same for the stderr reader's counters, status and attempt log lines. */
  private final HandOffGate stderrGate = new HandOffGate();
  /** Guarded by itself: written by the stderr reader, read by the task's thread in describe. */
  private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
  /** volatile, written once by the stdout reader, read without a lock by the task's thread (checkOutput). */
  private volatile Throwable outputFailure;
  /** volatile, written by the task's thread (inputCall), read without a lock by the watchdog. */
  private volatile long inputCallSince;
  /** volatile, written by the stdout reader, read without a lock by the watchdog. */
  private volatile long outputCallSince;
  /** volatile, set once by close (the task's thread), read without a lock by the readers and the watchdog. */
  private volatile boolean ended;
  // The four fields below: confined to the task's thread (send, finish and inputClosed run only there).
  private long recordsSent;
  private boolean inputClosed;
  private String inputClosedBy;
  private long recordsUnsent;

  private StreamProcess(String role, String command, TaskAttemptContext context, Process process, String tag,
      String inputSeparator, OutputHandler handler) {
    this.role = role;
    this.tag = tag;
    this.graceMillis = MapredKeys.TASK_KILL_GRACE.millis(context.getConfiguration());
    this.command = command;
    this.context = context;
    this.process = process;
    this.owner = Thread.currentThread();
    this.stdinStream = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    this.stdin = new InputLineWriter(stdinStream, inputSeparator);
    this.tickNanos = tickMillis(context.getConfiguration()) * 1_000_000L;
    String prefix = StreamKeys.STDERR_REPORTER_PREFIX.get(context.getConfiguration());
    String name = context.getTaskAttemptID() + "-" + role;
    // Threads started here inherit the attempt's log routing (the child's AttemptLogs).
    this.stdoutReader = daemon(name + "-stdout", () -> readStdout(handler));
    this.stderrReader = daemon(name + "-stderr", () -> readStderr(prefix));
    this.watchdog = daemon(name + "-watchdog", this::watch);
  }

  /** Starts {@code command} in the task's working directory with the task's environment. */
  static StreamProcess start(String role, String command, TaskAttemptContext context, InputSplit split,
      String inputSeparator, OutputHandler handler) throws IOException {
    Configuration conf = context.getConfiguration();
    String dir = conf.get(MRJobConfig.TASK_WORK_DIR);
    Path workDir = dir == null || dir.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(dir);
    List<String> argv;
    try {
      argv = CommandLine.resolve(CommandLine.split(command), workDir);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot run the " + role + ": " + e.getMessage(), e);
    }
    ProcessBuilder pb = new ProcessBuilder().directory(workDir.toFile());
    pb.environment().putAll(TaskEnvironment.of(conf, context.getTaskAttemptID(), split));
    List<String> launcher = TaskProcesses.launcher();
    if (!launcher.isEmpty()) {
      // In a session of its own, so that what it forks is found and stopped with it. The program is
      // found here: a missing one is then this start's failure, not the launcher's exit status.
      String program = CommandLine.onPath(argv.get(0), pb.environment().get("PATH"));
      if (program == null) {
        throw new IOException("cannot run the " + role + " '" + command + "': no program " + argv.get(0)
            + " in the task's working directory or on the PATH");
      }
      List<String> launched = new java.util.ArrayList<>(launcher);
      launched.add(program);
      launched.addAll(argv.subList(1, argv.size()));
      argv = launched;
    }
    pb.command(argv);
    String tag = context.getTaskAttemptID() + "/" + role + "-" + STARTED.incrementAndGet();
    pb.environment().put(TaskProcesses.PROCESS_VARIABLE, tag);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run the " + role + " '" + command + "': " + e.getMessage(), e);
    }
    StreamProcess sp = new StreamProcess(role, command, context, p, tag, inputSeparator, handler);
    sp.stdoutReader.start();
    sp.stderrReader.start();
    sp.watchdog.start();
    return sp;
  }

  /** The watchdog's tick: a tenth of the task timeout, within [100 ms, 5 s]. */
  static long tickMillis(Configuration conf) {
    long timeout = io.quern.mapreduce.TaskTimeouts.millis(conf, 600_000);
    return timeout <= 0 ? 5_000 : Math.max(100, Math.min(5_000, timeout / 10));
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs a framework call on the task's thread (the next input record), timed for the watchdog. */
  <T> T inputCall(FrameworkCall<T> call) throws IOException, InterruptedException {
    inputCallSince = System.nanoTime();
    try {
      return call.call();
    } finally {
      inputCallSince = 0;
    }
  }

  /**
   * Writes one record to the program's stdin; a null key writes the value only. Once the program
   * has closed its stdin (it exited, or wants no more input) the rest is not sent: its exit
   * status decides whether the attempt succeeded ({@link #finish}).
   */
  void send(Object key, Object value) throws IOException, InterruptedException {
    if (owner.isInterrupted()) {
      // Killed (or the spill running this combiner abandoned): the program is stopped by close.
      throw new InterruptedException(role + " interrupted");
    }
    if (inputClosed) {
      recordsUnsent++;
      return;
    }
    try {
      stdin.write(key, value);
    } catch (IOException e) {
      inputClosed(e);
      recordsUnsent++;
      return;
    }
    recordsSent++;
  }

  /**
   * The program's stdin closed under a write. Whether that was before or after the program read
   * what it wanted is a race of the pipe's buffer, so it is no failure by itself (a program that
   * reads one line of its input and exits 0 succeeds every time, not only when the write won).
   */
  private void inputClosed(IOException e) throws IOException, InterruptedException {
    if (owner.isInterrupted()) {
      throw new InterruptedException(role + " interrupted");
    }
    checkOutput();
    inputClosed = true;
    inputClosedBy = e.getMessage();
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the pipe is broken already; nothing is left to flush
    }
  }

  /**
   * Closes the program's stdin, waits for it to exit and for its output to be handed on, and
   * fails if anything went wrong: its output could not be written, or it exited non-zero
   * ({@value StreamKeys#NON_ZERO_EXIT_IS_FAILURE}).
   */
  void finish() throws IOException, InterruptedException {
    if (!inputClosed) {
      try {
        stdinStream.close();
      } catch (IOException e) {
        inputClosed(e);
      }
    }
    int status = process.waitFor();
    drain();
    checkOutput();
    String unread = inputClosed ? "stopped reading its input after " + recordsSent + " records (" + inputClosedBy
        + ") and " : "";
    if (status != 0 && StreamKeys.FAIL_ON_NON_ZERO_EXIT.getBoolean(context.getConfiguration())) {
      throw new IOException(describe(unread + "exited with status " + status));
    }
    if (recordsUnsent > 0) {
      context.getCounter(COUNTER_GROUP, UNREAD_RECORDS).increment(recordsUnsent);
      System.err.println("the " + role + " '" + command + "' " + unread + "exited with status " + status + "; "
          + recordsUnsent + " records of its input went unread");
    }
  }

  /** The counter of input records a program exited without reading. */
  static final String COUNTER_GROUP = "Streaming";
  static final String UNREAD_RECORDS = "UNREAD_INPUT_RECORDS";

  /** Waits for the stdout and stderr threads, which end when the program's pipes close. */
  private void drain() throws IOException, InterruptedException {
    stdoutReader.join(DRAIN_MILLIS);
    stderrReader.join(DRAIN_MILLIS);
    if (stdoutReader.isAlive() || stderrReader.isAlive()) {
      throw new IOException(describe("exited, but its output stayed open for " + DRAIN_MILLIS / 1000
          + " s (a process it started holds it)"));
    }
  }

  private void checkOutput() throws IOException {
    Throwable f = outputFailure;
    if (f != null) {
      throw new IOException("cannot hand on the output of the " + role + " '" + command + "': " + f, f);
    }
  }

  /** "the mapper 'CMD' WHAT; its last stderr lines: A | B". */
  private String describe(String what) {
    StringBuilder b = new StringBuilder("the ").append(role).append(" '").append(command).append("' ").append(what);
    synchronized (stderrTail) {
      if (stderrTail.isEmpty()) {
        b.append("; it wrote nothing on stderr");
      } else {
        b.append("; its last stderr lines: ").append(String.join(" | ", stderrTail));
      }
    }
    return b.toString();
  }

  private void readStdout(OutputHandler handler) {
    try (InputStream out = process.getInputStream()) {
      LineSplitter lines = new LineSplitter(out);
      while (lines.next()) {
        if (!stdoutGate.enter()) {
          return; // closed: the task takes no more output
        }
        try {
          outputCallSince = System.nanoTime();
          handler.line(lines.bytes(), lines.length());
        } finally {
          outputCallSince = 0;
          stdoutGate.leave();
        }
      }
    } catch (Throwable t) {
      if (!ended) {
        outputFailure = t;
        // The program may be blocked writing more: stop it so the task's thread learns of the failure.
        destroy();
      }
    } finally {
      outputCallSince = 0;
    }
  }

  private void readStderr(String prefix) {
    try (InputStream err = process.getErrorStream()) {
      LineSplitter lines = new LineSplitter(err);
      while (lines.next()) {
        String line = new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
        if (!stderrGate.enter()) {
          return; // closed: the attempt's counters and log take no more
        }
        try {
          handStderrLine(line, prefix);
        } finally {
          stderrGate.leave();
        }
      }
    } catch (IOException e) {
      if (!ended) {
        System.err.println(context.getTaskAttemptID() + ": cannot read the " + role + "'s stderr: " + e);
      }
    }
  }

  private void handStderrLine(String line, String prefix) {
    ReporterLine r = ReporterLine.parse(line, prefix);
    if (r instanceof ReporterLine.Counter c) {
      context.getCounter(c.group(), c.name()).increment(c.amount());
    } else if (r instanceof ReporterLine.Status s) {
      context.setStatus(s.message());
    } else {
      if (r instanceof ReporterLine.Malformed m) {
        line = line + "  [ignored: " + m.reason() + "]";
      }
      System.err.println(line);
      remember(line);
    }
  }

  private void remember(String line) {
    synchronized (stderrTail) {
      stderrTail.addLast(line.length() <= TAIL_LINE_CHARS ? line : line.substring(0, TAIL_LINE_CHARS) + "...");
      if (stderrTail.size() > TAIL_LINES) {
        stderrTail.removeFirst();
      }
    }
  }

  private void watch() {
    long tickMillis = tickNanos / 1_000_000;
    while (!ended) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        return; // closed
      }
      if (owner.isInterrupted()) {
        destroy();
        continue;
      }
      if (process.isAlive() && !longerThanTick(inputCallSince) && !longerThanTick(outputCallSince)) {
        context.progress();
      }
    }
  }

  private boolean longerThanTick(long since) {
    return since != 0 && System.nanoTime() - since > tickNanos;
  }

  /**
   * Stops the program and everything it started: SIGTERM, then SIGKILL after the grace period
   * ({@code mapred.tasktracker.tasks.sleeptime-before-sigkill}). Forks that left the program's session are found by
   * their tag; where processes cannot be searched, the program's living descendants are killed.
   * A fork that both left the session and cleared its environment is killed as a descendant.
   */
  private void destroy() {
    // Listed before the stop: such a fork is the program's descendant only while the program
    // lives, and it may hold the program's stdout, which the reader then waits on for ever.
    List<ProcessHandle> tree = process.descendants().toList();
    if (TaskProcesses.searchable()) {
      // A killed attempt's thread comes here interrupted: the stop must still wait out its grace.
      boolean interrupted = Thread.interrupted();
      try {
        if (TaskProcesses.stop(TaskProcesses.PROCESS_VARIABLE, tag::equals, graceMillis)) {
          tree.forEach(ProcessHandle::destroyForcibly);
          return;
        }
        System.err.println(context.getTaskAttemptID() + ": processes of the " + role + " survived SIGKILL");
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Stops the program if it still runs (the task failed or was killed) and the threads around it.
   * When it returns, the readers hand nothing more to the task, which may then close its output
   * and logs; it waits for that however long a hand-off stuck in the framework takes (the task's
   * timeout ends an attempt hung there). An interrupt of the calling thread (a killed attempt) does
   * not shorten the waits; it is kept for the caller.
   */
  @Override
  public void close() {
    ended = true;
    watchdog.interrupt();
    // Also when the program exited: what it left running in the background ends with the task.
    destroy();
    boolean interrupted = Thread.interrupted();
    try {
      // The readers end once the pipes close: every process holding them is stopped by now.
      if (!awaitReaders(System.nanoTime() + READER_MILLIS * 1_000_000)) {
        // A pipe is still held (by a process out of the program's reach), or a hand-off is stuck in
        // the framework (e.g. waiting for a map output spill): a reader blocked in a read gets an
        // error at its next one, a hand-off in an interruptible wait ends.
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        stdoutReader.interrupt();
        stderrReader.interrupt();
      }
      shut(stdoutGate, "stdout");
      shut(stderrGate, "stderr");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for both readers to end, until {@code deadline} (System.nanoTime); false when one still runs. */
  private boolean awaitReaders(long deadline) {
    boolean interrupted = false;
    try {
      for (Thread reader : List.of(stdoutReader, stderrReader)) {
        while (reader.isAlive()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          try {
            reader.join(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void shut(HandOffGate gate, String stream) {
    if (gate.shut(READER_MILLIS)) {
      return;
    }
    System.err.println(context.getTaskAttemptID() + ": the " + role + "'s " + stream + " reader is stuck handing on"
        + " a line; the task waits for it before closing its output");
    gate.shutUninterruptibly();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the reader finds the stream closed either way
    }
  }
}
