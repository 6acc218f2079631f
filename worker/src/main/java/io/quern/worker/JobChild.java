package io.quern.worker;

import io.quern.protocol.TaskLaunch;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM that runs a job's attempts on this worker, and the attempts waiting for it.
 * The child takes attempts from the queue through {@code nextTask}.
 */
final class JobChild {
  final String jobId;
  final String childId;
  private final BlockingQueue<TaskLaunch> queue = new LinkedBlockingQueue<>();
  private volatile Process process;

  JobChild(String jobId, String childId) {
    this.jobId = jobId;
    this.childId = childId;
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
