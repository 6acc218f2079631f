package io.quern.streaming;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one reader thread hand what it reads from a program to the task (the map output buffer,
 * the job's output, counters, the attempt's log) until the task's thread shuts the gate. Once
 * {@link #shut} has returned true, no hand-off is under way and none will start, so the task may
 * close what the reader wrote into, even if the reader itself is still blocked on the pipe.
 */
final class HandOffGate {
  /** Thread-safe: held by the reader for each hand-off, taken by the shutting thread to wait one out. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by lock. */
  private boolean open = true;

  /**
   * Starts a hand-off: true when the gate is open, and the caller then must {@link #leave}; false
   * once it is shut, and the caller hands on nothing more.
   */
  boolean enter() {
    lock.lock();
    if (open) {
      return true;
    }
    lock.unlock();
    return false;
  }

  void leave() {
    lock.unlock();
  }

  /**
   * Shuts the gate, waiting up to {@code millis} for a hand-off under way to end (an interrupt of
   * the calling thread does not cut the wait short; it is kept for the caller).
   *
   * @return true when shut; false when a hand-off is still under way after the wait
   */
  boolean shut(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            break;
          }
          return false;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      open = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Shuts the gate, waiting for a hand-off under way however long it takes. */
  void shutUninterruptibly() {
    lock.lock();
    try {
      open = false;
    } finally {
      lock.unlock();
    }
  }
}
