package io.quern.worker;

import io.quern.protocol.mapred.TaskLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of this worker and the attempts waiting for it. A child serves one job; a
 * spare child, started ahead of need, has no job until the pool gives it one.
 */
final class JobChild {
  final String childId;
  final Path stdout;
  final Path stderr;
  private final BlockingQueue<TaskLaunch> queue = new LinkedBlockingQueue<>();
  private volatile String jobId;
  private volatile Process process;

  JobChild(String jobId, String childId, Path stdout, Path stderr) {
    this.jobId = jobId;
    this.childId = childId;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The job this child serves, or null for a spare. */
  String jobId() {
    return jobId;
  }

  /**
   * Gives the child its job: writes the binding (the job's token) on its stdin and closes the
   * pipe, so that it is bound once and for all. A spare gets its job this way when the pool
   * hands it one; from then on it runs only that job's attempts.
   *
   * @throws IOException if the child is gone
   */
  void bind(ChildBinding binding) throws IOException {
    this.jobId = binding.subject().jobId();
    try (java.io.OutputStream stdin = process.getOutputStream()) {
      stdin.write(binding.line().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  void started(Process p) {
    this.process = p;
  }

  void offer(TaskLaunch launch) {
    queue.add(launch);
  }

  /** Withdraws an attempt the child has not taken yet; false if it already has. */
  boolean withdraw(String attemptId) {
    return queue.removeIf(l -> l.attemptId().equals(attemptId));
  }

  TaskLaunch take(long waitMillis) throws InterruptedException {
    return queue.poll(waitMillis, TimeUnit.MILLISECONDS);
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }
}
