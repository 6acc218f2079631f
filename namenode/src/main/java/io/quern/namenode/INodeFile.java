package io.quern.namenode;

import java.util.ArrayList;
import java.util.List;

/** A file: its blocks in order and, while being written, the client holding its lease. */
final class INodeFile extends INode {
  /** Guarded by {@link Namespace#lock}. */
  int replication;
  final long blockSize;
  /** Guarded by {@link Namespace#lock}. */
  final List<BlockInfo> blocks = new ArrayList<>();
  /** Null once closed. Guarded by {@link Namespace#lock}. */
  String clientName;

  INodeFile(String name, long modificationTime, Perm perm, int replication, long blockSize, String clientName) {
    super(name, modificationTime, perm);
    this.replication = replication;
    this.blockSize = blockSize;
    this.clientName = clientName;
  }

  @Override
  boolean isDirectory() {
    return false;
  }

  boolean underConstruction() {
    return clientName != null;
  }

  /** The bytes a reader may see: the committed blocks only. */
  long length() {
    long n = 0;
    for (BlockInfo b : blocks) {
      if (b.committed) {
        n += b.length;
      }
    }
    return n;
  }

  BlockInfo lastBlock() {
    return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
  }
}
