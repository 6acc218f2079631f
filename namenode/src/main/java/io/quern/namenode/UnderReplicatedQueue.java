package io.quern.namenode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Blocks that need more replicas, served fewest live replicas first (a block with one live copy
 * is one failure away from loss). Within a level, first queued first served. Not thread-safe;
 * guarded by the {@link Namespace#lock}.
 */
final class UnderReplicatedQueue {
  static final int LEVELS = 4;

  /** Guarded by {@link Namespace#lock}. */
  private final List<LinkedHashSet<Long>> levels = new ArrayList<>(LEVELS);

  UnderReplicatedQueue() {
    for (int i = 0; i < LEVELS; i++) {
      levels.add(new LinkedHashSet<>());
    }
  }

  static int level(int liveReplicas) {
    return Math.max(0, Math.min(LEVELS - 1, liveReplicas));
  }

  /** Queues or re-queues the block at the level for its live replica count. */
  void update(long blockId, int liveReplicas) {
    remove(blockId);
    levels.get(level(liveReplicas)).add(blockId);
  }

  boolean remove(long blockId) {
    boolean removed = false;
    for (LinkedHashSet<Long> l : levels) {
      removed |= l.remove(blockId);
    }
    return removed;
  }

  boolean contains(long blockId) {
    for (LinkedHashSet<Long> l : levels) {
      if (l.contains(blockId)) {
        return true;
      }
    }
    return false;
  }

  int size() {
    int n = 0;
    for (LinkedHashSet<Long> l : levels) {
      n += l.size();
    }
    return n;
  }

  /** Blocks with no live replica left: missing until a DataNode holding one comes back. */
  int withNoLiveReplica() {
    return levels.get(0).size();
  }

  /** A snapshot in service order. */
  List<Long> inOrder() {
    List<Long> out = new ArrayList<>(size());
    for (LinkedHashSet<Long> l : levels) {
      out.addAll(l);
    }
    return out;
  }
}
