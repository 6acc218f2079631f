package io.quern.namenode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A block, the file it belongs to and its replicas. Every mutable field is guarded by {@link
 * Namespace#lock}.
 * A block is committed once its writer has declared its final length; only committed blocks
 * are readable, counted for safe mode and replicated.
 */
final class BlockInfo {
  final long id;
  /** Guarded by {@link Namespace#lock}; null once the file is gone. */
  INodeFile file;
  /** Guarded by {@link Namespace#lock}. */
  long length;
  /** Guarded by {@link Namespace#lock}. */
  boolean committed;
  /** DataNode id → reported length of its finalized replica. Guarded by {@link Namespace#lock}. */
  final Map<String, Long> replicas = new LinkedHashMap<>();
  /** DataNodes whose replica failed a checksum: not served, deleted once a good one exists. Guarded by {@link Namespace#lock}. */
  final Set<String> corrupt = new LinkedHashSet<>();
  /**
   * Corrupt replicas already ordered deleted. They stay in {@link #corrupt} (so that no copy is
   * sent to that node) until the DataNode confirms the deletion. Guarded by {@link Namespace#lock}.
   */
  final Set<String> corruptDeleting = new LinkedHashSet<>();
  /** The pipeline it was allocated to, so that an abandoned block can be deleted there. Guarded by {@link Namespace#lock} (an immutable list, replaced). */
  List<String> pipeline = List.of();

  BlockInfo(long id, INodeFile file) {
    this.id = id;
    this.file = file;
  }

  int expectedReplication() {
    return file == null ? 0 : file.replication;
  }

  @Override
  public String toString() {
    return "blk_" + id;
  }
}
