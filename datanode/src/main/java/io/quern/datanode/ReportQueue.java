package io.quern.datanode;

import io.quern.protocol.DatanodeProtocol;
import io.quern.protocol.ReplicaReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Incremental reports to the NameNode (received, deleted, corrupt). Sent at once when possible;
 * kept and retried by the DataNode's periodic thread when the NameNode is unreachable. A full
 * report replaces them all, so {@link #clear()} runs before each one.
 */
final class ReportQueue {
  private static final Logger LOG = LogManager.getLogger(ReportQueue.class);

  private final String datanodeId;
  private final Supplier<DatanodeProtocol> namenode;
  // @GuardedBy("this")
  private final List<ReplicaReport> received = new ArrayList<>();
  private final List<Long> deleted = new ArrayList<>();
  private final List<Long> corrupt = new ArrayList<>();

  ReportQueue(String datanodeId, Supplier<DatanodeProtocol> namenode) {
    this.datanodeId = datanodeId;
    this.namenode = namenode;
  }

  synchronized void received(ReplicaReport r) {
    received.add(r);
  }

  synchronized void deleted(long id) {
    deleted.add(id);
  }

  synchronized void corrupt(long id) {
    corrupt.add(id);
  }

  synchronized void clear() {
    received.clear();
    deleted.clear();
    corrupt.clear();
  }

  /** Sends what is queued; on failure keeps it for the next try. Serialized so order is kept. */
  synchronized void flush() {
    if (received.isEmpty() && deleted.isEmpty() && corrupt.isEmpty()) {
      return;
    }
    try {
      DatanodeProtocol nn = namenode.get();
      if (nn == null) {
        return;
      }
      if (!received.isEmpty()) {
        nn.blockReceived(datanodeId, List.copyOf(received));
        received.clear();
      }
      if (!deleted.isEmpty()) {
        nn.blockDeleted(datanodeId, List.copyOf(deleted));
        deleted.clear();
      }
      if (!corrupt.isEmpty()) {
        nn.reportCorrupt(datanodeId, List.copyOf(corrupt));
        corrupt.clear();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Reporting replicas of {} to the NameNode failed ({}); retrying shortly", datanodeId, e.getMessage());
    }
  }
}
