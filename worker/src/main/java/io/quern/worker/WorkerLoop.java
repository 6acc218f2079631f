package io.quern.worker;

import io.quern.protocol.mapred.StaleEpochException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread that owns the worker's tables: the child pool's (which child serves which
 * job, the spare, identities, jar fetches under way) and the attempt table. RPC threads, the
 * timers and process exits post events here, and callers that need an answer wait on it with
 * a deadline. Nothing on the loop blocks: jar copies, directory hand-overs, JVM starts, process
 * kills and waits, and calls to the master run on the I/O executor, and what they find comes
 * back to the loop as another event. As the master's {@code MasterLoop}, so the tables need no lock.
 */
final class WorkerLoop implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(WorkerLoop.class);
  /** How long a caller waits for the loop's answer; the loop answers in microseconds unless it is wedged. */
  static final long CALL_TIMEOUT_MILLIS = 30_000;

  /** A question to the loop that may be refused for a stale epoch. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws StaleEpochException;
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "worker-loop");
    t.setDaemon(true);
    return t;
  });
  /** Slow work off the loop; threads come and go with the work (jar copies wait out NameNode restarts). */
  private final ExecutorService io = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "worker-io");
    t.setDaemon(true);
    return t;
  });
  /** The loop's thread, once it ran something; set on the loop, read by {@link #inLoop}. */
  private volatile Thread loopThread;

  WorkerLoop() {
    post(() -> loopThread = Thread.currentThread());
  }

  /** Whether the caller is the loop itself. */
  boolean inLoop() {
    return Thread.currentThread() == loopThread;
  }

  /** Runs {@code event} on the loop, later; dropped once the loop is closed, and then false. */
  boolean post(Runnable event) {
    try {
      thread.execute(() -> {
        try {
          event.run();
        } catch (RuntimeException e) {
          LOG.error("worker loop event failed: {}", e.toString(), e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      LOG.debug("worker loop closed; event dropped");
      return false;
    }
  }

  /** Runs {@code call} on the loop and waits for its answer; run at once when the caller is the loop. */
  <T> T call(Call<T> call) throws StaleEpochException {
    if (inLoop()) {
      return call.run();
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    try {
      thread.execute(() -> {
        try {
          answer.complete(call.run());
        } catch (Throwable t) {
          answer.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the worker is shutting down");
    }
    return await(answer, CALL_TIMEOUT_MILLIS);
  }

  /** Runs {@code work} off the loop. */
  void offLoop(Runnable work) {
    try {
      io.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          LOG.warn("worker background work failed: {}", e.toString(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("worker loop closed; background work dropped");
    }
  }

  /** Slow work off the loop whose outcome (a value, or what it threw) comes back to the loop as an event. */
  <T> void offLoop(SlowWork<T> work, BiConsumer<T, Exception> onLoop) {
    offLoop(work, onLoop, v -> { });
  }

  /**
   * As {@link #offLoop(SlowWork, BiConsumer)}; when the loop closed before the work was done,
   * {@code ifClosed} gets what it made, on the worker thread (a process started meanwhile is killed there).
   */
  <T> void offLoop(SlowWork<T> work, BiConsumer<T, Exception> onLoop, java.util.function.Consumer<T> ifClosed) {
    offLoop(() -> {
      T value = null;
      Exception failure = null;
      try {
        value = work.run();
      } catch (Exception e) {
        failure = e;
      }
      T v = value;
      Exception f = failure;
      if (!post(() -> onLoop.accept(v, f))) {
        ifClosed.accept(v);
      }
    });
  }

  /** Work that may take long: I/O, process starts and waits. */
  @FunctionalInterface
  interface SlowWork<T> {
    T run() throws Exception;
  }

  /** The executor of slow work, for futures that continue off the loop. */
  java.util.concurrent.Executor io() {
    return io;
  }

  /** Waits for {@code f} up to {@code millis}, rethrowing what it failed with. */
  static <T> T await(CompletableFuture<T> f, long millis) throws StaleEpochException {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the worker loop");
    } catch (TimeoutException e) {
      throw new IllegalStateException("the worker loop did not answer in " + millis + " ms");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
          : e.getCause();
      if (cause instanceof StaleEpochException s) {
        throw s;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Ends the loop, then waits a while for the slow work under way: what it started (a child JVM)
   * is then handed to its {@code ifClosed}, not left running.
   */
  @Override
  public void close() {
    thread.shutdown();
    io.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
      if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
        io.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
      io.shutdownNow();
    }
  }
}
