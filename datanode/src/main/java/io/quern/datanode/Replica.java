package io.quern.datanode;

import java.io.IOException;
import java.nio.file.Path;

/** One replica; its fields are guarded by itself. */
final class Replica {
  final long id;
  final Path dir;
  boolean finalized;
  long length;
  /** Set when a write failed locally: chunks waiting for their turn give up at once. */
  IOException failure;
  /** Length up to which a background flush of the data was started. */
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
