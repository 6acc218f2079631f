package io.quern.namenode;

import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.BadReplica;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.ReplicaReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The DataNode-facing half of the namesystem: membership events, replica reports and
 * administration. It shares the {@link Namespace#lock} and block manager; {@code onReport}
 * (lock held) lets the namesystem re-check safe mode after replicas arrive.
 */
public final class DatanodeManager {
  private static final Logger LOG = LogManager.getLogger(DatanodeManager.class);

  /** The namespace's lock ({@link Namespace#lock}), shared: this class has no lock of its own. */
  private final ReentrantLock lock;
  private final BlockManager blocks;
  private final Runnable onReport;
  private final java.util.function.LongSupplier clock;
  /**
   * DataNodes that left, by id, with when they were last heard of: the status page lists them as
   * dead until they join again. Bounded (oldest dropped): a long-lived NameNode sees many come and go. Guarded by {@link Namespace#lock}.
   */
  private final java.util.LinkedHashMap<String, DeadDatanode> dead = new java.util.LinkedHashMap<>();
  private static final int MAX_DEAD_KEPT = 200;

  /** A DataNode that left: where it was, when it was last heard of, and its admin state then. */
  public record DeadDatanode(String id, String host, String rack, long lastContactMillis, AdminState adminState) {}

  DatanodeManager(ReentrantLock lock, BlockManager blocks, Runnable onReport, java.util.function.LongSupplier clock) {
    this.lock = lock;
    this.blocks = blocks;
    this.onReport = onReport;
    this.clock = clock;
  }

  /** Marks that the DataNode was heard of now; lock held. */
  private void heard(DatanodeDescriptor d) {
    if (d != null) {
      d.lastContactMillis = clock.getAsLong();
    }
  }

  // ---- DataNodes and replicas

  public void datanodeJoined(String id, String host, int port, String rack, long capacity, long used, long remaining) {
    lock.lock();
    try {
      DatanodeDescriptor known = blocks.datanode(id);
      if (known != null && known.host.equals(host) && known.port == port) {
        // Seen twice (an event and the start-up or periodic reconciliation): just refresh.
        known.capacity = capacity;
        known.used = used;
        known.remaining = remaining;
        heard(known);
        return;
      }
      DatanodeDescriptor d = new DatanodeDescriptor(id, host, port, rack);
      d.joinedMillis = clock.getAsLong();
      d.capacity = capacity;
      d.used = used;
      d.remaining = remaining;
      heard(d);
      dead.remove(id);
      blocks.addDatanode(d);
      LOG.info("DataNode {} on rack {} joined ({} bytes free)", id, rack, remaining);
    } finally {
      lock.unlock();
    }
  }

  public void datanodeUpdated(String id, long capacity, long used, long remaining) {
    lock.lock();
    try {
      DatanodeDescriptor d = blocks.datanode(id);
      if (d != null) {
        d.capacity = capacity;
        d.used = used;
        d.remaining = remaining;
        heard(d);
      }
    } finally {
      lock.unlock();
    }
  }

  public void datanodeLeft(String id) {
    lock.lock();
    try {
      DatanodeDescriptor d = blocks.datanode(id);
      if (d != null) {
        dead.put(id, new DeadDatanode(id, d.host, d.rack, d.lastContactMillis, d.adminState));
        if (dead.size() > MAX_DEAD_KEPT) {
          dead.remove(dead.keySet().iterator().next());
        }
      }
      blocks.removeDatanode(id);
    } finally {
      lock.unlock();
    }
  }

  /** False when the DataNode is not registered yet (its znode event is still on its way). */
  public boolean blockReport(String dnId, List<ReplicaReport> replicas) {
    lock.lock();
    try {
      if (blocks.datanode(dnId) == null) {
        return false;
      }
      heard(blocks.datanode(dnId));
      blocks.datanode(dnId).fullReportReceived = true;
      blocks.fullReport(dnId, replicas);
      LOG.info("Full block report from {}: {} replicas", dnId, replicas.size());
      onReport.run();
      return true;
    } finally {
      lock.unlock();
    }
  }

  public void blockReceived(String dnId, List<ReplicaReport> replicas) {
    lock.lock();
    try {
      DatanodeDescriptor d = blocks.datanode(dnId);
      if (d == null) {
        LOG.warn("Replicas reported by unregistered DataNode {}; ignored until its znode appears", dnId);
        return;
      }
      heard(d);
      replicas.forEach(r -> blocks.added(d, r));
      onReport.run();
    } finally {
      lock.unlock();
    }
  }

  public void blockDeleted(String dnId, List<Long> ids) {
    lock.lock();
    try {
      DatanodeDescriptor d = blocks.datanode(dnId);
      if (d != null) {
        ids.forEach(id -> blocks.removed(d, id));
      }
    } finally {
      lock.unlock();
    }
  }

  public void reportBadBlocks(List<BadReplica> bad) {
    lock.lock();
    try {
      for (BadReplica r : bad) {
        BlockInfo b = blocks.get(r.blockId());
        if (b != null && b.replicas.containsKey(r.datanodeId())) {
          blocks.markCorrupt(b, r.datanodeId());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  public List<DatanodeReport> datanodeReport() {
    lock.lock();
    try {
      return blocks.datanodes().stream().map(d -> new DatanodeReport(d.id, d.rack, d.capacity, d.used, d.remaining,
          d.adminState, d.blocks.size())).toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A live DataNode for the status page: its report, host and when it was last heard of; while it
   * is decommissioned or being decommissioned, since when and how many of its blocks still lack
   * replicas elsewhere (0 otherwise).
   */
  public record LiveDatanode(DatanodeReport report, String host, long lastContactMillis, long adminStateSinceMillis,
      int blocksToCopy) {}

  /** The live DataNodes and the dead ones, as the status page shows them. */
  public record Datanodes(List<LiveDatanode> live, List<DeadDatanode> dead) {}

  /** Walks the block lists of the nodes being decommissioned only, not the block map. */
  public Datanodes datanodesForStatus() {
    lock.lock();
    try {
      List<LiveDatanode> live = blocks.datanodes().stream().map(d -> new LiveDatanode(new DatanodeReport(d.id, d.rack,
          d.capacity, d.used, d.remaining, d.adminState, d.blocks.size()), d.host, d.lastContactMillis,
          d.adminStateSinceMillis, d.adminState == AdminState.DECOMMISSIONING ? blocks.blocksToCopyOff(d) : 0))
          .toList();
      return new Datanodes(live, List.copyOf(dead.values()));
    } finally {
      lock.unlock();
    }
  }

  public List<String> decommission(String host) {
    lock.lock();
    try {
      List<String> ids = new ArrayList<>();
      for (DatanodeDescriptor d : blocks.datanodes()) {
        if (d.host.equals(host) || d.id.equals(host)) {
          blocks.startDecommission(d, clock.getAsLong());
          ids.add(d.id);
        }
      }
      return ids;
    } finally {
      lock.unlock();
    }
  }

  /** Ids of the DataNodes currently known, for reconciliation with the membership. */
  /**
   * Requests for a full block report from DataNodes registered for a while without one. A
   * DataNode whose session expired (cut off by a partition) registers again with its replicas
   * intact, while this NameNode dropped them from the block map when its znode vanished: without
   * a new full report they would stay unknown, and files unreadable, until it restarted. The
   * DataNode sends one by itself once it learns of the expiry; this catches the report that
   * raced ahead of this NameNode's view of the expiry (and so landed on the registration that ended).
   */
  public java.util.List<DatanodeCommand> fullReportRequests() {
    lock.lock();
    try {
      long now = clock.getAsLong();
      java.util.List<DatanodeCommand> asks = new java.util.ArrayList<>();
      for (DatanodeDescriptor d : blocks.datanodes()) {
        if (!d.fullReportReceived && now - d.joinedMillis >= FULL_REPORT_GRACE_MS
            && now - d.askedForReportMillis >= FULL_REPORT_GRACE_MS) {
          d.askedForReportMillis = now;
          asks.add(new DatanodeCommand.SendFullReport(d.id));
        }
      }
      return asks;
    } finally {
      lock.unlock();
    }
  }

  /** How long a DataNode that registered has to report by itself before it is asked (and asked again). */
  static final long FULL_REPORT_GRACE_MS = 5_000;

  public java.util.Set<String> datanodeIds() {
    lock.lock();
    try {
      return new HashSet<>(blocks.datanodes().stream().map(d -> d.id).toList());
    } finally {
      lock.unlock();
    }
  }

  /** Where to send a command for a DataNode, or null when it is gone. */
  public DatanodeRef datanodeRef(String id) {
    lock.lock();
    try {
      DatanodeDescriptor d = blocks.datanode(id);
      return d == null ? null : d.ref();
    } finally {
      lock.unlock();
    }
  }
}
