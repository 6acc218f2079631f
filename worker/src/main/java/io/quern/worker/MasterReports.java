package io.quern.worker;

import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import java.rmi.RemoteException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * A worker's reports about its attempts on their way to the master, sent together: one call
 * ({@link TaskUmbilicalProtocol#report}) at a time carries every report queued when it starts,
 * and the reports that come while it is in flight go together in the next. Nothing waits for a
 * timer: a report that finds no call in flight leaves at once, so a lone attempt's report is as
 * quick as its single call; under load the calls per report fall as the reports per call grow,
 * as Hadoop's heartbeat batches a tracker's task statuses, without its heartbeat interval.
 *
 * <p>Each report's answer completes its future, as the single call would return or throw: a
 * report of an old epoch with a {@link StaleEpochException}, a call that failed with its
 * exception (every report of that call: the caller decides, as it did for the single call, what
 * to retry and what to log). Thread-safe.
 */
public final class MasterReports {
  private static final org.apache.logging.log4j.Logger LOG =
      org.apache.logging.log4j.LogManager.getLogger(MasterReports.class);
  private final TaskUmbilicalProtocol master;
  /** Where the calls run, one at a time for this sender. */
  private final Executor sender;
  /** Told the number of reports of each call, before it goes (for counting calls). */
  private final IntConsumer sending;

  private final Object lock = new Object();
  /** Reports waiting for the next call; guarded by lock. */
  private final ArrayDeque<Pending> queued = new ArrayDeque<>();
  /** Whether a sender task runs (it takes the queue until it finds it empty); guarded by lock. */
  private boolean draining;

  private record Pending(AttemptReport report, CompletableFuture<ReportAnswer> answer) {}

  /**
   * @param sender runs the calls; one sender task of this instance at a time, so a shared pool serves
   *     many instances (the simulated workers of one process)
   */
  public MasterReports(TaskUmbilicalProtocol master, Executor sender, IntConsumer sending) {
    this.master = master;
    this.sender = sender;
    this.sending = sending;
  }

  /** A sender of one worker: its calls on a daemon thread of their own, "master-reports". */
  static MasterReports ofWorker(TaskUmbilicalProtocol master, java.util.concurrent.ExecutorService thread) {
    return new MasterReports(master, thread, n -> { });
  }

  /** A daemon thread for {@link #ofWorker}'s calls; shut it down once the worker stops (what is queued still goes). */
  static java.util.concurrent.ExecutorService senderThread() {
    return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "master-reports");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Logs a report of an attempt's end that did not reach the master, or reached it for an old
   * epoch: {@code what} the report said, {@code then} what follows from its loss.
   */
  static void warnIfUndelivered(CompletableFuture<ReportAnswer> answer, String attemptId, String what, String then) {
    answer.whenComplete((a, ex) -> {
      if (ex != null || a == ReportAnswer.STALE_EPOCH) {
        LOG.warn("{}: {} not delivered to the master: {}{}", attemptId, what,
            ex != null ? io.quern.rpc.RpcErrors.describe(ex) : "it belongs to an old master epoch", then);
      }
    });
  }

  /** Queues a report; its future completes with the master's answer, or the failure of its call. */
  public CompletableFuture<ReportAnswer> send(AttemptReport report) {
    Pending p = new Pending(report, new CompletableFuture<>());
    boolean start;
    synchronized (lock) {
      queued.add(p);
      start = !draining;
      draining = true;
    }
    if (start) {
      try {
        sender.execute(this::drain);
      } catch (RejectedExecutionException e) { // the worker is closing
        List<Pending> dropped = take(Integer.MAX_VALUE, true);
        RemoteException closed = new RemoteException("not sent: the worker's report sender is closed");
        dropped.forEach(d -> d.answer.completeExceptionally(closed));
      }
    }
    return p.answer;
  }

  /** As {@link TaskUmbilicalProtocol#statusUpdate}: waits for the answer of the call that carries it. */
  public boolean statusUpdate(AttemptStatus status) throws StaleEpochException, RemoteException {
    return yes(send(AttemptReport.status(status)), status.epoch());
  }

  /** As {@link TaskUmbilicalProtocol#canCommit}: waits for the answer of the call that carries it. */
  public boolean canCommit(long epoch, String attemptId, String workerId) throws StaleEpochException,
      RemoteException {
    return yes(send(AttemptReport.commit(epoch, attemptId, workerId)), epoch);
  }

  /** As {@link TaskUmbilicalProtocol#done}, without waiting: the future tells how it went. */
  public CompletableFuture<ReportAnswer> done(AttemptStatus status) {
    return send(AttemptReport.done(status));
  }

  /** As {@link TaskUmbilicalProtocol#failed}, without waiting: the future tells how it went. */
  public CompletableFuture<ReportAnswer> failed(AttemptStatus status, String diagnostics, boolean killed) {
    return send(AttemptReport.failed(status, diagnostics, killed));
  }

  /**
   * The answer as the single call gives it: true for yes, false for no, else what it throws.
   * Waits without a bound of its own: the call carrying it is bounded (the RMI read timeout,
   * the resilient proxy's retry window).
   */
  public static boolean yes(CompletableFuture<ReportAnswer> answer, long epoch) throws StaleEpochException,
      RemoteException {
    ReportAnswer a;
    try {
      a = answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while waiting for the master's answer");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RemoteException re) {
        throw re;
      }
      throw new RemoteException("report to the master failed: " + cause, cause);
    }
    return switch (a) {
      case YES -> true;
      case NO -> false;
      case STALE_EPOCH -> throw new StaleEpochException(epoch, -1);
      case NOT_ANSWERED -> throw new RemoteException("the master could not answer now; ask again");
    };
  }

  /** Reports waiting for the next call (not those of the call in flight). */
  int queued() {
    synchronized (lock) {
      return queued.size();
    }
  }

  /** The sender: one call per round, carrying all that is queued (at most a call's worth), until none is. */
  private void drain() {
    while (true) {
      List<Pending> batch = take(TaskUmbilicalProtocol.MAX_REPORTS, false);
      if (batch.isEmpty()) {
        return;
      }
      call(batch);
    }
  }

  /** Up to {@code max} queued reports; the sender ends when there are none, or when told to {@code stop}. */
  private List<Pending> take(int max, boolean stop) {
    synchronized (lock) {
      List<Pending> batch = new ArrayList<>(Math.min(max, queued.size()));
      while (batch.size() < max && !queued.isEmpty()) {
        batch.add(queued.poll());
      }
      if (batch.isEmpty() || stop) {
        draining = false;
      }
      return batch;
    }
  }

  private void call(List<Pending> batch) {
    List<AttemptReport> reports = new ArrayList<>(batch.size());
    batch.forEach(p -> reports.add(p.report));
    List<ReportAnswer> answers;
    try {
      sending.accept(reports.size());
      answers = master.report(reports);
      if (answers == null || answers.size() != reports.size()) {
        throw new RemoteException("the master answered " + reports.size() + " reports with "
            + (answers == null ? "nothing" : answers.size() + " answers"));
      }
    } catch (Exception | Error e) { // an Error too: the waiters must hear of it, and the sender go on
      batch.forEach(p -> p.answer.completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).answer.complete(answers.get(i));
    }
  }
}
