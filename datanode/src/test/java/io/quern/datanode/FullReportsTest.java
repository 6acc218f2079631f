package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FullReportsTest {
  @Test
  void oneAcceptedReportPaysWhatWasOwedBeforeIt() throws Exception {
    FullReports r = new FullReports();
    assertTrue(r.due(), "a new DataNode owes a report");
    assertFalse(r.send(() -> false), "refused: still owed");
    assertTrue(r.due());
    assertTrue(r.send(() -> true));
    assertFalse(r.due());
    assertFalse(r.send(() -> {
      throw new AssertionError("nothing owed, nothing sent");
    }));
    r.owe();
    r.owe();
    assertTrue(r.due());
    assertTrue(r.send(() -> true));
    assertFalse(r.due());
  }

  /**
   * A NameNode joins while a report to the previous one is on its way: when that report comes
   * back accepted, a report is still owed to the new one.
   */
  @Test
  void aReportOwedWhileOneIsOnItsWayIsStillOwedAfterIt() throws Exception {
    FullReports r = new FullReports();
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
      try {
        return r.send(() -> {
          inCall.countDown();
          return release.await(30, TimeUnit.SECONDS);
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(inCall.await(30, TimeUnit.SECONDS));
    r.owe(); // the new NameNode joined while the old one was being sent the report
    release.countDown();
    assertTrue(first.get(30, TimeUnit.SECONDS), "the old NameNode accepted its report");
    assertTrue(r.due(), "the new NameNode still needs one");
    AtomicInteger sent = new AtomicInteger();
    assertTrue(r.send(() -> sent.incrementAndGet() == 1));
    assertEquals(1, sent.get());
    assertFalse(r.due());
  }
}
