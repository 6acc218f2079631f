package io.quern.namenode;

import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.ReplicaReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The block map (block → replicas), the live DataNodes and the replication work derived from
 * them. Every method is called with the {@link Namespace#lock} held; commands it decides on
 * are queued in an outbox that the NameNode drains and delivers outside the lock.
 */
final class BlockManager {
  private static final Logger LOG = LogManager.getLogger(BlockManager.class);

  /** Guarded by {@link Namespace#lock}. */
  private final Map<Long, BlockInfo> blocks = new HashMap<>();
  /** Guarded by {@link Namespace#lock}. */
  private final Map<String, DatanodeDescriptor> datanodes = new LinkedHashMap<>();
  /** Guarded by {@link Namespace#lock}. */
  private final UnderReplicatedQueue needed = new UnderReplicatedQueue();
  /** Block id → copies in flight and when to stop waiting for them. Guarded by {@link Namespace#lock}. */
  private final Map<Long, long[]> pending = new HashMap<>();
  /** Guarded by {@link Namespace#lock}. */
  private final List<DatanodeCommand> outbox = new ArrayList<>();
  private final PlacementPolicy placement;
  private final int maxStreamsPerNode;
  private final long pendingTimeoutMs;
  /** No replica is deleted for being in excess while in safe mode: the reports are incomplete. Guarded by {@link Namespace#lock}. */
  boolean safeMode;

  BlockManager(PlacementPolicy placement, int maxStreamsPerNode, long pendingTimeoutMs) {
    this.placement = placement;
    this.maxStreamsPerNode = maxStreamsPerNode;
    this.pendingTimeoutMs = pendingTimeoutMs;
  }

  // ---- blocks of the namespace

  void addBlock(BlockInfo b) {
    blocks.put(b.id, b);
  }

  BlockInfo get(long id) {
    return blocks.get(id);
  }

  Collection<BlockInfo> allBlocks() {
    return blocks.values();
  }

  /** Forgets a block of a deleted file or an abandoned write and deletes its replicas. */
  void removeBlock(BlockInfo b) {
    blocks.remove(b.id);
    needed.remove(b.id);
    pending.remove(b.id);
    Set<String> holders = new HashSet<>(b.replicas.keySet());
    holders.addAll(b.corrupt);
    holders.addAll(b.pipeline);
    for (String dn : holders) {
      DatanodeDescriptor d = datanodes.get(dn);
      if (d != null) {
        d.blocks.remove(b.id);
        outbox.add(new DatanodeCommand.Invalidate(dn, List.of(b.id)));
      }
    }
    b.replicas.clear();
    b.corrupt.clear();
    b.corruptDeleting.clear();
  }

  /** Pipeline for a new block of a file written from {@code writerHost}. */
  List<DatanodeDescriptor> chooseNewTargets(int replication, String writerHost, Set<String> excluded, long blockSize) {
    return placement.chooseTargets(replication, writerHost, List.of(), excluded, blockSize, datanodes.values());
  }

  // ---- DataNodes

  void addDatanode(DatanodeDescriptor d) {
    DatanodeDescriptor old = datanodes.put(d.id, d);
    if (old != null) {
      d.adminState = old.adminState;
      d.adminStateSinceMillis = old.adminStateSinceMillis;
      dropReplicasOf(old);
    }
  }

  DatanodeDescriptor datanode(String id) {
    return datanodes.get(id);
  }

  Collection<DatanodeDescriptor> datanodes() {
    return datanodes.values();
  }

  /** A DataNode's znode vanished: its replicas are gone; the blocks it held may need copies. */
  void removeDatanode(String id) {
    DatanodeDescriptor d = datanodes.remove(id);
    if (d != null) {
      int n = d.blocks.size();
      dropReplicasOf(d);
      LOG.info("DataNode {} lost; {} replicas removed from the block map, re-replicating as needed", id, n);
    }
  }

  private void dropReplicasOf(DatanodeDescriptor d) {
    for (long id : List.copyOf(d.blocks)) {
      BlockInfo b = blocks.get(id);
      if (b != null) {
        b.replicas.remove(d.id);
        b.corrupt.remove(d.id);
        b.corruptDeleting.remove(d.id);
        check(b);
      }
    }
    d.blocks.clear();
  }

  // ---- replica reports

  /** A full report replaces what was known of the DataNode. */
  void fullReport(String dnId, List<ReplicaReport> reports) {
    DatanodeDescriptor d = datanodes.get(dnId);
    if (d == null) {
      LOG.warn("Block report from {} which is not registered; ignored until its znode appears", dnId);
      return;
    }
    Set<Long> reported = new HashSet<>();
    for (ReplicaReport r : reports) {
      reported.add(r.blockId());
      added(d, r);
    }
    for (long id : List.copyOf(d.blocks)) {
      if (!reported.contains(id)) {
        removed(d, id);
      }
    }
  }

  void added(DatanodeDescriptor d, ReplicaReport r) {
    BlockInfo b = blocks.get(r.blockId());
    if (b == null) {
      // Left over from a deleted file or an abandoned write.
      outbox.add(new DatanodeCommand.Invalidate(d.id, List.of(r.blockId())));
      return;
    }
    if (b.committed && r.length() != b.length) {
      LOG.warn("Replica of {} on {} has length {} but the block was committed at {}; treating it as corrupt",
          b, d.id, r.length(), b.length);
      markCorrupt(b, d.id);
      return;
    }
    if (b.corrupt.contains(d.id)) {
      return;
    }
    d.blocks.add(b.id);
    if (b.replicas.put(d.id, r.length()) == null) {
      long[] p = pending.get(b.id);
      if (p != null && --p[1] <= 0) {
        pending.remove(b.id);
      }
    }
    check(b);
  }

  void removed(DatanodeDescriptor d, long blockId) {
    d.blocks.remove(blockId);
    BlockInfo b = blocks.get(blockId);
    if (b != null) {
      b.replicas.remove(d.id);
      b.corrupt.remove(d.id);
      b.corruptDeleting.remove(d.id);
      check(b);
    }
  }

  /** A replica failed a checksum: it stops being served and is replaced, then deleted. */
  void markCorrupt(BlockInfo b, String dnId) {
    b.replicas.remove(dnId);
    b.corrupt.add(dnId);
    DatanodeDescriptor d = datanodes.get(dnId);
    if (d != null) {
      d.blocks.remove(b.id);
    }
    LOG.info("Replica of {} on {} marked corrupt; {} good replicas left", b, dnId, b.replicas.size());
    check(b);
  }

  // ---- replication state of one block

  int underReplicatedCount() {
    return needed.size();
  }

  int missingCount() {
    return needed.withNoLiveReplica();
  }

  List<DatanodeDescriptor> liveHolders(BlockInfo b) {
    List<DatanodeDescriptor> out = new ArrayList<>();
    for (String id : b.replicas.keySet()) {
      DatanodeDescriptor d = datanodes.get(id);
      if (d != null && d.inService()) {
        out.add(d);
      }
    }
    return out;
  }

  /** Queues the block if it lacks replicas, trims it if it has too many, and deletes spare corrupt ones. */
  void check(BlockInfo b) {
    if (!b.committed || !blocks.containsKey(b.id)) {
      return;
    }
    List<DatanodeDescriptor> live = liveHolders(b);
    int expected = b.expectedReplication();
    // A block of a file still being written is not short of replicas: its pipeline's reports may
    // be on their way, and a copy made meanwhile lands on a node outside the placement, which
    // trimming the excess later can make worse. Closing the file checks every block (as HDFS 1).
    boolean writing = b.file != null && b.file.underConstruction();
    if (live.size() < expected && !writing) {
      needed.update(b.id, live.size());
    } else {
      needed.remove(b.id);
    }
    if (safeMode) {
      return;
    }
    // A corrupt copy is useless for reading; once a good one exists it goes, making room for a
    // fresh copy on that node (on a small cluster it may be the only candidate).
    if (!live.isEmpty()) {
      for (String dn : b.corrupt) {
        if (b.corruptDeleting.add(dn)) {
          outbox.add(new DatanodeCommand.Invalidate(dn, List.of(b.id)));
        }
      }
    }
    while (live.size() > expected && expected > 0) {
      DatanodeDescriptor excess = placement.chooseExcess(live);
      live.remove(excess);
      b.replicas.remove(excess.id);
      excess.blocks.remove(b.id);
      outbox.add(new DatanodeCommand.Invalidate(excess.id, List.of(b.id)));
      LOG.info("{} has more than {} replicas; deleting the one on {}", b, expected, excess.id);
    }
  }

  // ---- administration

  void startDecommission(DatanodeDescriptor d, long now) {
    if (d.adminState == AdminState.NORMAL) {
      d.adminState = AdminState.DECOMMISSIONING;
      d.adminStateSinceMillis = now;
      LOG.info("Decommissioning {}: copying its {} replicas elsewhere", d.id, d.blocks.size());
      for (long id : List.copyOf(d.blocks)) {
        BlockInfo b = blocks.get(id);
        if (b != null) {
          check(b);
        }
      }
    }
  }

  // ---- periodic work

  /** Schedules copies for under-replicated blocks, fewest live replicas first, and finishes decommissions. */
  void computeReplicationWork(long now) {
    pending.entrySet().removeIf(e -> {
      if (e.getValue()[0] <= now) {
        LOG.warn("Copies of blk_{} did not arrive in time; scheduling them again", e.getKey());
        return true;
      }
      return false;
    });
    Map<String, Integer> streams = new HashMap<>();
    for (long id : needed.inOrder()) {
      BlockInfo b = blocks.get(id);
      if (b == null) {
        needed.remove(id);
        continue;
      }
      List<DatanodeDescriptor> live = liveHolders(b);
      long[] p = pending.get(id);
      int want = b.expectedReplication() - live.size() - (p == null ? 0 : (int) p[1]);
      if (want <= 0) {
        continue;
      }
      DatanodeDescriptor source = chooseSource(b, live, streams);
      if (source == null) {
        continue;
      }
      List<DatanodeDescriptor> holders = new ArrayList<>(live);
      Set<String> exclude = new HashSet<>(b.replicas.keySet());
      exclude.addAll(b.corrupt);
      List<DatanodeDescriptor> targets = placement.chooseTargets(want, source.host, holders, exclude, b.length,
          datanodes.values());
      if (targets.isEmpty()) {
        continue;
      }
      streams.merge(source.id, 1, Integer::sum);
      pending.put(id, new long[] {now + pendingTimeoutMs, targets.size()});
      outbox.add(new DatanodeCommand.Replicate(source.id, id, targets.stream().map(DatanodeDescriptor::ref).toList()));
    }
    finishDecommissions(now);
  }

  private DatanodeDescriptor chooseSource(BlockInfo b, List<DatanodeDescriptor> live, Map<String, Integer> streams) {
    List<DatanodeDescriptor> candidates = new ArrayList<>(live);
    // A draining node is a fine source: it still holds a good replica.
    for (String id : b.replicas.keySet()) {
      DatanodeDescriptor d = datanodes.get(id);
      if (d != null && !d.inService()) {
        candidates.add(d);
      }
    }
    return candidates.stream().filter(d -> streams.getOrDefault(d.id, 0) < maxStreamsPerNode)
        .findFirst().orElse(null);
  }

  private void finishDecommissions(long now) {
    for (DatanodeDescriptor d : datanodes.values()) {
      if (d.adminState != AdminState.DECOMMISSIONING) {
        continue;
      }
      if (blocksToCopyOff(d) == 0) {
        d.adminState = AdminState.DECOMMISSIONED;
        d.adminStateSinceMillis = now;
        LOG.info("DataNode {} decommissioned: every block it holds has enough replicas elsewhere", d.id);
      }
    }
  }

  /**
   * Blocks of {@code d} that would lack replicas without it: what a decommission has left to copy
   * before the node may go. Walks only the node's own blocks.
   */
  int blocksToCopyOff(DatanodeDescriptor d) {
    int n = 0;
    for (long id : d.blocks) {
      BlockInfo b = blocks.get(id);
      if (b != null && b.committed && liveHolders(b).size() < b.expectedReplication()) {
        n++;
      }
    }
    return n;
  }

  /** Takes the commands decided so far. */
  List<DatanodeCommand> drainCommands() {
    List<DatanodeCommand> out = new ArrayList<>(outbox);
    outbox.clear();
    return out;
  }

  /** The block with its good replicas, nearest to the reader first; all corrupt ones if none is good. */
  LocatedBlock locate(BlockInfo b, long offset, String readerHost, String readerRack) {
    List<DatanodeDescriptor> good = new ArrayList<>();
    for (String id : b.replicas.keySet()) {
      DatanodeDescriptor d = datanodes.get(id);
      if (d != null) {
        good.add(d);
      }
    }
    boolean corrupt = good.isEmpty() && !b.corrupt.isEmpty();
    if (corrupt) {
      b.corrupt.stream().map(datanodes::get).filter(d -> d != null).forEach(good::add);
    }
    // Nearest first; nodes being drained last, as they are about to go.
    good.sort(Comparator.<DatanodeDescriptor>comparingInt(d -> d.inService() ? 0 : 1)
        .thenComparingInt(d -> PlacementPolicy.distance(readerHost, readerRack, d)));
    return new LocatedBlock(b.id, offset, b.length, refs(good), corrupt);
  }

  static List<DatanodeRef> refs(List<DatanodeDescriptor> ds) {
    return ds.stream().map(DatanodeDescriptor::ref).toList();
  }
}
