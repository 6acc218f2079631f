package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.protocol.mapred.AttemptReport;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.ReportAnswer;
import io.quern.protocol.mapred.StaleEpochException;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.testutil.Wait;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's report sender: what is queued while a call is in flight leaves together in the next call. */
class MasterReportsTest {
  private static final long EPOCH = 3;
  private final ExecutorService sender = Executors.newSingleThreadExecutor();
  private final ExecutorService children = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    sender.shutdownNow();
    children.shutdownNow();
  }

  /**
   * A master that records every batch, may hold a call until released, grants the commit of the
   * first attempt of a task that asks (as the master's tracker), and answers reports of another
   * epoch as stale.
   */
  private static final class BatchMaster implements TaskUmbilicalProtocol {
    final List<List<AttemptReport>> calls = new CopyOnWriteArrayList<>();
    final java.util.Set<String> committedTasks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile RemoteException failure;

    @Override
    public List<ReportAnswer> report(List<AttemptReport> reports) throws RemoteException {
      calls.add(List.copyOf(reports));
      try {
        hold.await();
      } catch (InterruptedException e) {
        throw new RemoteException("interrupted");
      }
      if (failure != null) {
        throw failure;
      }
      List<ReportAnswer> answers = new ArrayList<>();
      for (AttemptReport r : reports) {
        if (r.epoch() != EPOCH) {
          answers.add(ReportAnswer.STALE_EPOCH);
        } else if (r.kind() == AttemptReport.Kind.COMMIT) {
          String task = r.attemptId().substring(0, r.attemptId().lastIndexOf('_'));
          answers.add(committedTasks.add(task) ? ReportAnswer.YES : ReportAnswer.NO);
        } else {
          answers.add(ReportAnswer.YES);
        }
      }
      return answers;
    }

    @Override
    public boolean statusUpdate(AttemptStatus status) {
      throw new AssertionError("a single call: " + status);
    }

    @Override
    public boolean canCommit(long epoch, String attemptId) {
      throw new AssertionError("a single call: " + attemptId);
    }

    @Override
    public void done(AttemptStatus status) {
      throw new AssertionError("a single call: " + status);
    }

    @Override
    public void failed(AttemptStatus status, String diagnostics, boolean killed) {
      throw new AssertionError("a single call: " + status);
    }

    @Override
    public List<MapOutputEvent> mapOutputEvents(long epoch, String jobId, int fromIndex) {
      throw new AssertionError();
    }

    @Override
    public void fetchFailed(long epoch, String reduceAttemptId, String mapAttemptId) {
      throw new AssertionError();
    }

    @Override
    public List<String> endedJobs(long epoch, List<String> jobIds) {
      throw new AssertionError();
    }
  }

  private static AttemptStatus status(String attemptId, long epoch) {
    return new AttemptStatus(epoch, attemptId, "w1", 1, "", CountersSnapshot.EMPTY, "h:1");
  }

  private static String attempt(int task, int attempt) {
    return String.format("attempt_202601010000_0001_m_%06d_%d", task, attempt);
  }

  @Test
  void reportsQueuedWhileACallIsInFlightGoTogetherInTheNextAndEachWaiterGetsItsAnswer() throws Exception {
    BatchMaster master = new BatchMaster();
    AtomicInteger counted = new AtomicInteger();
    MasterReports reports = new MasterReports(master, sender, counted::addAndGet);
    master.hold = new CountDownLatch(1);
    CompletableFuture<ReportAnswer> first = reports.done(status(attempt(0, 0), EPOCH));
    Wait.until("the first call in flight", Duration.ofSeconds(10), () -> master.calls.size() == 1);

    // Meanwhile: two attempts of one task ask to commit (from their children's threads, which wait),
    // three others end, one reports its status.
    CompletableFuture<Boolean> commitA = CompletableFuture.supplyAsync(() -> canCommit(reports, attempt(1, 0)),
        children);
    Wait.until("the first commit request queued", Duration.ofSeconds(10), () -> queuedWhileHeld(reports) == 1);
    CompletableFuture<Boolean> commitB = CompletableFuture.supplyAsync(() -> canCommit(reports, attempt(1, 1)),
        children);
    Wait.until("the second commit request queued", Duration.ofSeconds(10), () -> queuedWhileHeld(reports) == 2);
    List<CompletableFuture<ReportAnswer>> ends = new ArrayList<>();
    for (int t = 2; t < 5; t++) {
      ends.add(reports.done(status(attempt(t, 0), EPOCH)));
    }
    CompletableFuture<ReportAnswer> stale = reports.failed(status(attempt(5, 0), EPOCH - 1), "boom", false);
    assertFalse(commitA.isDone(), "a commit waits for its answer");
    assertEquals(1, master.calls.size(), "no second call while one is in flight");

    master.hold.countDown();
    assertEquals(ReportAnswer.YES, first.get(10, TimeUnit.SECONDS));
    assertTrue(commitA.get(10, TimeUnit.SECONDS), "the first attempt to ask may commit");
    assertFalse(commitB.get(10, TimeUnit.SECONDS), "its task's other attempt may not");
    for (CompletableFuture<ReportAnswer> e : ends) {
      assertEquals(ReportAnswer.YES, e.get(10, TimeUnit.SECONDS));
    }
    assertEquals(ReportAnswer.STALE_EPOCH, stale.get(10, TimeUnit.SECONDS));
    assertEquals(2, master.calls.size(), "the six reports queued meanwhile went in one call: " + master.calls);
    assertEquals(List.of(AttemptReport.Kind.COMMIT, AttemptReport.Kind.COMMIT, AttemptReport.Kind.DONE,
        AttemptReport.Kind.DONE, AttemptReport.Kind.DONE, AttemptReport.Kind.FAILED),
        master.calls.get(1).stream().map(AttemptReport::kind).toList(), "in the order they came");
    assertEquals(7, counted.get());

    // Idle again: a lone report leaves at once, alone.
    assertEquals(ReportAnswer.YES, reports.done(status(attempt(6, 0), EPOCH)).get(10, TimeUnit.SECONDS));
    assertEquals(3, master.calls.size());
    assertEquals(1, master.calls.get(2).size());
  }

  /** The reports queued behind the held call: all reports the master saw or will see, less those it saw. */
  private int queuedWhileHeld(MasterReports reports) {
    return reports.queued();
  }

  private static boolean canCommit(MasterReports reports, String attemptId) {
    try {
      return reports.canCommit(EPOCH, attemptId, "w1");
    } catch (StaleEpochException | RemoteException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailedCallFailsEveryReportItCarriedWithItsErrorAndTheNextCallGoesOn() throws Exception {
    BatchMaster master = new BatchMaster();
    MasterReports reports = new MasterReports(master, sender, n -> {});
    RemoteException down = new java.rmi.ConnectException("master unreachable");
    master.failure = down;
    CompletableFuture<ReportAnswer> done = reports.done(status(attempt(0, 0), EPOCH));
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertSame(down, e.getCause(), "the done report's caller hears of the failure, to log it");
    assertSame(down, assertThrows(RemoteException.class, () -> reports.canCommit(EPOCH, attempt(1, 0), "w1")),
        "a commit request throws what its single call would");
    assertThrows(StaleEpochException.class, () -> {
      master.failure = null;
      reports.statusUpdate(status(attempt(2, 0), EPOCH - 1));
    }, "a report of an old epoch throws as its single call would");
    assertTrue(reports.statusUpdate(status(attempt(2, 0), EPOCH)));
  }

  @Test
  void moreReportsThanOneCallTakesGoInSeveralCalls() throws Exception {
    BatchMaster master = new BatchMaster();
    MasterReports reports = new MasterReports(master, sender, n -> {});
    master.hold = new CountDownLatch(1);
    reports.done(status(attempt(0, 0), EPOCH));
    Wait.until("the first call in flight", Duration.ofSeconds(10), () -> master.calls.size() == 1);
    List<CompletableFuture<ReportAnswer>> all = new ArrayList<>();
    int n = TaskUmbilicalProtocol.MAX_REPORTS + 10;
    for (int i = 0; i < n; i++) {
      all.add(reports.done(status(attempt(i, 1), EPOCH)));
    }
    master.hold.countDown();
    for (CompletableFuture<ReportAnswer> f : all) {
      assertEquals(ReportAnswer.YES, f.get(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of(1, TaskUmbilicalProtocol.MAX_REPORTS, 10),
        master.calls.stream().map(List::size).toList());
  }

  @Test
  void aClosedSenderFailsTheReportInsteadOfDroppingIt() {
    BatchMaster master = new BatchMaster();
    sender.shutdown();
    MasterReports reports = new MasterReports(master, sender, n -> {});
    CompletableFuture<ReportAnswer> done = reports.done(status(attempt(0, 0), EPOCH));
    assertTrue(done.isCompletedExceptionally());
    assertTrue(master.calls.isEmpty());
  }
}
