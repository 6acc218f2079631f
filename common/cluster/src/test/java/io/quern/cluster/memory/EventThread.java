package io.quern.cluster.memory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread a session's notifications run on, in the order they were posted. It can be
 * held, as the event thread of a process stopped by SIGSTOP is: what was posted waits until it
 * is released.
 */
final class EventThread {
  private static final Logger LOG = LogManager.getLogger(EventThread.class);

  private final Deque<Runnable> queue = new ArrayDeque<>();
  private final Thread thread;
  private boolean held;
  private boolean closed;

  EventThread(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code event}; false when the thread is closed and will run nothing more. */
  synchronized boolean post(Runnable event) {
    if (closed) {
      return false;
    }
    queue.add(event);
    notifyAll();
    return true;
  }

  synchronized void hold() {
    held = true;
  }

  synchronized void release() {
    held = false;
    notifyAll();
  }

  /**
   * Runs {@code event} after what is queued and waits for it, as long as {@code timeout}; at
   * once on the caller's thread when that is this thread (which would wait for itself) or when
   * this one is closed.
   *
   * @return whether it ran within the timeout
   */
  boolean runAndWait(Runnable event, Duration timeout) throws InterruptedException {
    if (Thread.currentThread() == thread) {
      event.run();
      return true;
    }
    CountDownLatch done = new CountDownLatch(1);
    if (!post(() -> {
      try {
        event.run();
      } finally {
        done.countDown();
      }
    })) {
      event.run();
      return true;
    }
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drops what is queued; an event running now completes. */
  synchronized void close() {
    closed = true;
    queue.clear();
    notifyAll();
  }

  private void run() {
    while (true) {
      Runnable next;
      synchronized (this) {
        while (!closed && (held || queue.isEmpty())) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        next = queue.poll();
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.error("{}: an event failed", thread.getName(), e);
      }
    }
  }
}
