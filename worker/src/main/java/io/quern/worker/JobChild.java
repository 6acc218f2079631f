package io.quern.worker;

import io.quern.protocol.TaskLaunch;
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

  /** Gives a spare its job; from now on it runs only that job's attempts. */
  void adopt(String job) {
    this.jobId = job;
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
