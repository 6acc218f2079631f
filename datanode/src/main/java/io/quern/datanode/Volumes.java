package io.quern.datanode;

import io.quern.protocol.dfs.DiskFullException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The data directories of a DataNode and the room they have: each keeps {@code reserved} bytes
 * of its disk free for other uses, and all together hold at most {@code capacityLimit} bytes of
 * replicas when that is positive. New replicas go to the directories in turn. Thread-safe.
 */
final class Volumes {
  /** Immutable (a copy). */
  private final List<Path> dirs;
  private final long reserved;
  private final long capacityLimit;
  /** Bytes of replicas stored now, which the quota counts against. */
  private final LongSupplier used;
  /** The directory whose turn is next; atomic, any writer thread takes a turn. */
  private final AtomicInteger nextDir = new AtomicInteger();

  Volumes(List<Path> dirs, long reserved, long capacityLimit, LongSupplier used) {
    this.dirs = List.copyOf(dirs);
    this.reserved = reserved;
    this.capacityLimit = capacityLimit;
    this.used = used;
  }

  /** A directory with room for {@code need} bytes, the next in turn that has it. */
  Path choose(long need) throws DiskFullException {
    for (int i = 0; i < dirs.size(); i++) {
      Path d = dirs.get(Math.floorMod(nextDir.getAndIncrement(), dirs.size()));
      if (free(d) >= need) {
        return d;
      }
    }
    throw new DiskFullException("No data directory of this DataNode has room for a new replica ("
        + remaining() + " bytes free).");
  }

  void ensureRoom(Path dir, long need) throws DiskFullException {
    if (free(dir) < need) {
      throw new DiskFullException("Data directory " + dir + " of this DataNode is full.");
    }
  }

  private long free(Path dir) {
    long disk = dir.toFile().getUsableSpace() - reserved;
    if (capacityLimit > 0) {
      disk = Math.min(disk, capacityLimit - used.getAsLong());
    }
    return Math.max(0, disk);
  }

  /** One data directory as the status page shows it: its disk's size and the room it has for replicas. */
  record VolumeStatus(String dir, long diskBytes, long freeForBlocksBytes) {}

  List<VolumeStatus> status() {
    return dirs.stream().map(d -> new VolumeStatus(d.toString(), d.toFile().getTotalSpace(), free(d))).toList();
  }

  long capacity() {
    long total = 0;
    for (Path d : dirs) {
      total += d.toFile().getTotalSpace();
    }
    return capacityLimit > 0 ? Math.min(total, capacityLimit) : total;
  }

  long remaining() {
    long n = 0;
    for (Path d : dirs) {
      n += Math.max(0, d.toFile().getUsableSpace() - reserved);
    }
    return capacityLimit > 0 ? Math.max(0, Math.min(n, capacityLimit - used.getAsLong())) : n;
  }
}
