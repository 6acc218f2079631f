package io.quern.master;

import io.quern.protocol.mapred.NotLeaderException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread that owns the master's tables. RMI threads, membership events and the
 * timer submit calls here and get a future; after a run of calls the commands the tracker
 * decided are handed to the dispatcher, in order. While this master does not lead there is
 * no tracker and calls fail with {@link NotLeaderException}.
 */
final class MasterLoop implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(MasterLoop.class);

  /** A call on the tracker, run on the loop thread. */
  @FunctionalInterface
  interface TrackerCall<T> {
    T apply(JobTracker tracker) throws Exception;
  }

  /** Thread-safe (blocking queue): the loop's work, posted by any thread, taken by the loop thread. */
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  /** Thread-safe (an executor of one thread): the loop thread, which owns the tracker and all it reaches. */
  private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue,
      r -> new Thread(r, "master-loop"));
  /**
   * Calls run since the commands were last drained. The loop drains (and so schedules, see
   * {@link JobLifecycle#schedule}) once no call waits, or after {@value #MAX_UNDRAINED} calls:
   * one pass then serves the run of events, and commands go out within a few calls. Owned by the
   * loop thread.
   */
  private int undrained;
  private static final int MAX_UNDRAINED = 64;
  /** Thread-safe (an executor): posts the tick to the loop. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "master-tick");
    t.setDaemon(true);
    return t;
  });
  /** Carries out the commands of a run of calls, with the epoch of the tracker that decided them. */
  @FunctionalInterface
  interface Dispatcher {
    void dispatch(long epoch, List<Command> commands);
  }

  /** Thread-safe (it only queues work for other threads); called on the loop thread. */
  private final Dispatcher dispatcher;
  /**
   * Callers waiting for a job to change; the loop publishes to them after each run of calls.
   * Thread-safe (its own lock).
   */
  private final JobChangeWaiters waiters = new JobChangeWaiters(MAX_STATUS_WAITERS);
  /** RMI threads one master lets wait on job changes at once; past it, a status wait answers at once. */
  static final int MAX_STATUS_WAITERS = 512;
  /**
   * The tables of the epoch this master leads; null while it does not. Owned by the loop thread:
   * a fresh tracker is handed over through {@link #lead}, and whoever built it keeps no use of it.
   */
  private JobTracker tracker;

  MasterLoop(Dispatcher dispatcher, long tickMillis) {
    this.dispatcher = dispatcher;
    timer.scheduleWithFixedDelay(() -> call(t -> {
      t.tick();
      return null;
    }), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /** Events waiting for the loop thread: a loop falling behind shows here first. */
  int queueLength() {
    return queue.size();
  }

  <T> CompletableFuture<T> call(TrackerCall<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      if (tracker == null) {
        throw new CompletionException(new NotLeaderException("this master is not the active one"));
      }
      try {
        return call.apply(tracker);
      } catch (CompletionException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      } finally {
        if (++undrained >= MAX_UNDRAINED || queue.isEmpty()) {
          undrained = 0;
          List<Command> commands = tracker.drainCommands();
          if (!commands.isEmpty()) {
            dispatcher.dispatch(tracker.epoch(), commands);
          }
          tracker.publishChanges(waiters);
        }
      }
    }, thread);
  }

  /** Where callers wait for a job's status to change. */
  JobChangeWaiters waiters() {
    return waiters;
  }

  /** Starts leading with a fresh tracker (a new epoch starts from empty tables). */
  CompletableFuture<Void> lead(JobTracker fresh) {
    return CompletableFuture.runAsync(() -> {
      tracker = fresh;
      LOG.info("leading with epoch {}", fresh.epoch());
    }, thread);
  }

  CompletableFuture<Void> stepDown() {
    return stepDown("leadership revoked");
  }

  /** Stops leading, whatever the epoch: with no tracker no call decides anything more. */
  CompletableFuture<Void> stepDown(String why) {
    return CompletableFuture.runAsync(() -> {
      if (tracker != null) {
        LOG.info("stepping down from epoch {} ({}); dropping the job tables", tracker.epoch(), why);
      }
      tracker = null;
      waiters.releaseAll();
    }, thread);
  }

  /**
   * Stops leading if this loop still leads with {@code epoch}: taken when a worker or ZooKeeper
   * refuses a command or write of that epoch, before this master's own latch tells it (a paused
   * master resumes believing it leads until its session expiry arrives). A command or write
   * refused as stale may belong to an epoch this master already left and led again since; that
   * refusal says nothing of the newer epoch, which must not be dropped for it.
   */
  CompletableFuture<Void> stepDown(long epoch, String why) {
    return CompletableFuture.runAsync(() -> {
      if (tracker != null && tracker.epoch() == epoch) {
        LOG.info("stepping down from epoch {} ({}); dropping the job tables", epoch, why);
        tracker = null;
        waiters.releaseAll();
      }
    }, thread);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    thread.shutdownNow();
    waiters.releaseAll();
  }
}
