package io.quern.datanode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One replica. Its mutable fields are guarded by the replica's own monitor: every write, and
 * every read that decides something with another field, holds it. {@link #finalized} and
 * {@link #length} are volatile as well, for the lock-free reads that need only the one value
 * ({@link BlockStore}'s check that a replica is finalized before it takes the monitor, and its
 * space estimate): a replica never goes back from finalized, and its length only grows once it is.
 */
final class Replica {
  final long id;
  final Path dir;
  /** Guarded by this; volatile for lock-free reads (set once, never cleared). */
  volatile boolean finalized;
  /** Bytes written in order so far. Guarded by this; volatile for the lock-free space estimate. */
  volatile long length;
  /** Set when a write failed locally: chunks waiting for their turn give up at once. Guarded by this. */
  IOException failure;
  /** Length up to which a background flush of the data was started. Guarded by this. */
  long flushStarted;

  Replica(long id, Path dir, boolean finalized, long length) {
    this.id = id;
    this.dir = dir;
    this.finalized = finalized;
    this.length = length;
  }

  Path data() {
    return dir.resolve(finalized ? "current" : "rbw").resolve("blk_" + id);
  }

  Path meta() {
    return dir.resolve(finalized ? "current" : "rbw").resolve("blk_" + id + ".meta");
  }
}
