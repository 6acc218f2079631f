package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.ReplicaReport;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Incremental reports and the full report reach the NameNode in an order that loses no replica. */
class ReportQueueTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final DatanodeProtocol namenode = (DatanodeProtocol) Proxy.newProxyInstance(
      DatanodeProtocol.class.getClassLoader(), new Class<?>[] {DatanodeProtocol.class}, (proxy, method, args) -> {
        calls.add(method.getName());
        return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
      });

  /**
   * A block finalized while a full report is on its way, its list already taken: its incremental
   * report must reach the NameNode after the full report, which would otherwise wipe it.
   */
  @Test
  void aReplicaFinalizedDuringAFullReportIsReportedAfterIt() throws Exception {
    ReportQueue queue = new ReportQueue("dn1", () -> namenode);
    Thread[] finalizer = new Thread[1];
    boolean sentMeanwhile = queue.fullReport(() -> {
      List<ReplicaReport> list = List.of(); // the replica list, taken before the block finalized
      finalizer[0] = new Thread(() -> {
        queue.received(new ReplicaReport(7, 100));
        queue.flush();
      });
      finalizer[0].start();
      // The finalizer's send cannot go out while the full report is being made, however long it takes.
      finalizer[0].join(500);
      boolean alive = finalizer[0].isAlive();
      namenode.blockReport("dn1", list);
      return alive;
    });
    finalizer[0].join(10_000);
    assertTrue(sentMeanwhile, "the incremental report went out during the full report");
    assertEquals(List.of("blockReport", "blockReceived"), calls);
  }

  @Test
  void whatAFullReportCoversIsNotSentAgain() throws Exception {
    ReportQueue queue = new ReportQueue("dn1", () -> namenode);
    queue.received(new ReplicaReport(1, 10));
    queue.deleted(2);
    queue.fullReport(() -> namenode.blockReport("dn1", List.of(new ReplicaReport(1, 10))));
    queue.flush();
    assertEquals(List.of("blockReport"), calls);
  }
}
