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
  // Immutable.
  final String childId;
  final Path stdout;
  final Path stderr;
  /** Attempts waiting for the child: offered on the worker loop, taken by the child's calls; thread-safe. */
  private final BlockingQueue<TaskLaunch> queue = new LinkedBlockingQueue<>();
  /** Written on the worker loop (assign) or by the binding off it; read by any thread. */
  private volatile String jobId;
  /** Set once, off the loop, when the process started; read by any thread. */
  private volatile Process process;
  /** Why the child could not be started or bound; null while it could be. Set once; read by any thread. */
  private volatile String startFailure;
  /** The binding last sent on the child's stdin; guarded by this (writes to the pipe are too). */
  private ChildBinding binding;

  JobChild(String jobId, String childId, Path stdout, Path stderr) {
    this.jobId = jobId;
    this.childId = childId;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Gives the child to a job before it is bound: its tables are the pool's, its binding comes after. */
  void assign(String jobId) {
    this.jobId = jobId;
  }

  /** The job this child serves, or null for a spare. */
  String jobId() {
    return jobId;
  }

  /**
   * Gives the child its job: writes the binding (the job's token) on its stdin. A spare gets its
   * job this way when the pool hands it one; from then on it runs only that job's attempts. The
   * pipe stays open for {@link #renew renewals} of the token, which the child takes only for the
   * same job and user.
   *
   * @throws IOException if the child is gone
   */
  synchronized void bind(ChildBinding binding) throws IOException {
    this.jobId = binding.subject().jobId();
    send(binding);
  }

  /** Sends the child a fresh token of its job; the one it holds is close to expiring. */
  synchronized void renew(ChildBinding binding) throws IOException {
    if (!binding.subject().jobId().equals(jobId)) {
      throw new IllegalArgumentException("a child of " + jobId + " cannot take a binding to " + binding.subject());
    }
    send(binding);
  }

  /** The binding last sent; guarded by this. */
  synchronized ChildBinding binding() {
    return binding;
  }

  private void send(ChildBinding b) throws IOException {
    java.io.OutputStream stdin = process.getOutputStream();
    stdin.write(b.line().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    stdin.flush();
    binding = b;
  }

  void started(Process p) {
    this.process = p;
  }

  long pid() {
    return process.pid();
  }

  /** Runs {@code handler} with the exit code once the child's process has ended. */
  void onExit(java.util.function.IntConsumer handler) {
    process.onExit().thenAccept(done -> handler.accept(done.exitValue()));
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

  /** Not started yet, nor failed to: attempts may queue on it. */
  boolean isStarting() {
    return process == null && startFailure == null;
  }

  boolean hasProcess() {
    return process != null;
  }

  void startFailed(String why) {
    startFailure = why;
  }

  /** Why the child could not be started or bound, or null. */
  String startFailure() {
    return startFailure;
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
