package io.quern.namenode;

import io.quern.conf.Configuration;
import java.util.concurrent.TimeUnit;

/** The dfs.* settings the namesystem uses, read and checked once. */
record NamesystemConfig(int defaultReplication, long defaultBlockSize, int minReplication, int maxReplication,
    double safeModeThreshold, long leaseTimeoutMs, int maxStreamsPerNode, long pendingTimeoutMs,
    int bytesPerChecksum) {

  static NamesystemConfig from(Configuration conf) {
    int bpc = (int) conf.getSize("dfs.bytes-per-checksum", 64 * 1024);
    if (bpc <= 0) {
      throw conf.bad("dfs.bytes-per-checksum", conf.get("dfs.bytes-per-checksum"), "a positive size");
    }
    long blockSize = conf.getSize("dfs.block.size", 64L << 20);
    if (blockSize <= 0 || blockSize % bpc != 0) {
      throw conf.bad("dfs.block.size", conf.get("dfs.block.size"), "a positive multiple of dfs.bytes-per-checksum");
    }
    int rep = conf.getInt("dfs.replication", 3);
    int max = conf.getInt("dfs.replication.max", 512);
    if (rep < 1 || rep > max) {
      throw conf.bad("dfs.replication", conf.get("dfs.replication"), "between 1 and dfs.replication.max");
    }
    int min = conf.getInt("dfs.namenode.replication.min", 1);
    if (min < 1 || min > rep) {
      throw conf.bad("dfs.namenode.replication.min", conf.get("dfs.namenode.replication.min"),
          "between 1 and dfs.replication");
    }
    double pct = conf.getDouble("dfs.namenode.safemode.threshold-pct", 0.999);
    if (pct < 0 || pct > 1) {
      throw conf.bad("dfs.namenode.safemode.threshold-pct", conf.get("dfs.namenode.safemode.threshold-pct"),
          "a fraction between 0 and 1");
    }
    return new NamesystemConfig(rep, blockSize, min, max, pct,
        conf.getTimeDuration("dfs.namenode.lease.timeout", 30_000, TimeUnit.MILLISECONDS),
        conf.getInt("dfs.namenode.replication.max-streams", 2),
        conf.getTimeDuration("dfs.namenode.replication.pending.timeout", 60_000, TimeUnit.MILLISECONDS),
        bpc);
  }

  static NamesystemConfig defaults() {
    return new NamesystemConfig(3, 64L << 20, 1, 512, 0.999, 30_000, 2, 60_000, 64 * 1024);
  }
}
