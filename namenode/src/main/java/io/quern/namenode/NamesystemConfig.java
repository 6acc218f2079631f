package io.quern.namenode;

import io.quern.conf.Configuration;
import io.quern.conf.IntKey;
import io.quern.fs.DfsKeys;
import java.util.concurrent.TimeUnit;

/** The dfs.* settings the namesystem uses, read and checked once. */
record NamesystemConfig(int defaultReplication, long defaultBlockSize, int minReplication, int maxReplication,
    double safeModeThreshold, long leaseTimeoutMs, int maxStreamsPerNode, long pendingTimeoutMs,
    int bytesPerChecksum, Permissions permissions, Limits limits) {

  /**
   * DFS permission settings. The superuser is the user who started the NameNode; members of
   * {@code superGroup} are superusers too. {@code staticGroups} maps user names to their groups;
   * users not in it get the groups of the NameNode host's {@code id -Gn USER}.
   */
  record Permissions(boolean enabled, String superuser, String superGroup, short umask,
      java.util.Map<String, java.util.Set<String>> staticGroups) {
    static Permissions defaults() {
      return new Permissions(true, System.getProperty("user.name"), "supergroup", (short) 022, java.util.Map.of());
    }

    Permissions disabled() {
      return new Permissions(false, superuser, superGroup, umask, staticGroups);
    }
  }

  /** Bounds on what one client may make the NameNode hold. */
  record Limits(int maxComponentLength, int maxPathLength, int maxDepth, int maxOpenFilesPerClient) {
    static Limits defaults() {
      return new Limits(255, 8000, 1000, 1000);
    }
  }

  NamesystemConfig(int defaultReplication, long defaultBlockSize, int minReplication, int maxReplication,
      double safeModeThreshold, long leaseTimeoutMs, int maxStreamsPerNode, long pendingTimeoutMs,
      int bytesPerChecksum) {
    this(defaultReplication, defaultBlockSize, minReplication, maxReplication, safeModeThreshold, leaseTimeoutMs,
        maxStreamsPerNode, pendingTimeoutMs, bytesPerChecksum, Permissions.defaults(), Limits.defaults());
  }

  NamesystemConfig with(Permissions p) {
    return new NamesystemConfig(defaultReplication, defaultBlockSize, minReplication, maxReplication,
        safeModeThreshold, leaseTimeoutMs, maxStreamsPerNode, pendingTimeoutMs, bytesPerChecksum, p, limits);
  }

  NamesystemConfig with(Limits l) {
    return new NamesystemConfig(defaultReplication, defaultBlockSize, minReplication, maxReplication,
        safeModeThreshold, leaseTimeoutMs, maxStreamsPerNode, pendingTimeoutMs, bytesPerChecksum, permissions, l);
  }

  /** {@code "alice=staff,dev;bob=dev"} as a map; blank gives an empty map. */
  static java.util.Map<String, java.util.Set<String>> parseGroups(String spec) {
    java.util.Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String entry : spec.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + entry.trim() + "' is not USER=GROUP[,GROUP...]");
      }
      java.util.Set<String> groups = new java.util.LinkedHashSet<>();
      for (String g : entry.substring(eq + 1).split(",")) {
        if (!g.isBlank()) {
          groups.add(g.trim());
        }
      }
      out.put(entry.substring(0, eq).trim(), groups);
    }
    return out;
  }

  private static int positive(Configuration conf, IntKey key) {
    int v = key.getInt(conf);
    if (v <= 0) {
      throw conf.bad(key.name(), conf.get(key.name()), "a positive number");
    }
    return v;
  }

  static NamesystemConfig from(Configuration conf) {
    int bpc = (int) DfsKeys.BYTES_PER_CHECKSUM.getBytes(conf);
    if (bpc <= 0) {
      throw conf.bad(DfsKeys.BYTES_PER_CHECKSUM.name(), conf.get(DfsKeys.BYTES_PER_CHECKSUM.name()), "a positive size");
    }
    long blockSize = DfsKeys.BLOCK_SIZE.getBytes(conf);
    if (blockSize <= 0 || blockSize % bpc != 0) {
      throw conf.bad(DfsKeys.BLOCK_SIZE.name(), conf.get(DfsKeys.BLOCK_SIZE.name()), "a positive multiple of dfs.bytes-per-checksum");
    }
    int rep = DfsKeys.REPLICATION.getInt(conf);
    int max = DfsKeys.REPLICATION_MAX.getInt(conf);
    if (rep < 1 || rep > max) {
      throw conf.bad(DfsKeys.REPLICATION.name(), conf.get(DfsKeys.REPLICATION.name()), "between 1 and dfs.replication.max");
    }
    int min = DfsKeys.NAMENODE_REPLICATION_MIN.getInt(conf);
    if (min < 1 || min > rep) {
      throw conf.bad(DfsKeys.NAMENODE_REPLICATION_MIN.name(), conf.get(DfsKeys.NAMENODE_REPLICATION_MIN.name()),
          "between 1 and dfs.replication");
    }
    double pct = DfsKeys.NAMENODE_SAFEMODE_THRESHOLD_PCT.getDouble(conf);
    if (pct < 0 || pct > 1) {
      throw conf.bad(DfsKeys.NAMENODE_SAFEMODE_THRESHOLD_PCT.name(), conf.get(DfsKeys.NAMENODE_SAFEMODE_THRESHOLD_PCT.name()),
          "a fraction between 0 and 1");
    }
    return new NamesystemConfig(rep, blockSize, min, max, pct,
        DfsKeys.NAMENODE_LEASE_TIMEOUT.get(conf, TimeUnit.MILLISECONDS),
        DfsKeys.NAMENODE_REPLICATION_MAX_STREAMS.getInt(conf),
        DfsKeys.NAMENODE_REPLICATION_PENDING_TIMEOUT.get(conf, TimeUnit.MILLISECONDS),
        bpc, permissions(conf), new Limits(
            positive(conf, DfsKeys.NAMENODE_FS_LIMITS_MAX_COMPONENT_LENGTH),
            positive(conf, DfsKeys.NAMENODE_FS_LIMITS_MAX_PATH_LENGTH),
            positive(conf, DfsKeys.NAMENODE_FS_LIMITS_MAX_DIRECTORY_DEPTH),
            positive(conf, DfsKeys.NAMENODE_MAX_OPEN_FILES_PER_CLIENT)));
  }

  private static Permissions permissions(Configuration conf) {
    String umask = DfsKeys.PERMISSIONS_UMASK.get(conf).trim();
    if (!umask.matches("0?[0-7]{1,3}")) {
      throw conf.bad(DfsKeys.PERMISSIONS_UMASK.name(), umask, "an octal mask such as 022");
    }
    java.util.Map<String, java.util.Set<String>> groups;
    try {
      groups = parseGroups(DfsKeys.PERMISSIONS_USER_GROUPS.get(conf, ""));
    } catch (IllegalArgumentException e) {
      throw conf.bad(DfsKeys.PERMISSIONS_USER_GROUPS.name(), DfsKeys.PERMISSIONS_USER_GROUPS.get(conf, ""),
          "USER=GROUP[,GROUP...] entries separated by ';'");
    }
    return new Permissions(DfsKeys.PERMISSIONS_ENABLED.getBoolean(conf), System.getProperty("user.name"),
        DfsKeys.PERMISSIONS_SUPERUSERGROUP.get(conf), (short) Integer.parseInt(umask, 8), groups);
  }

  static NamesystemConfig defaults() {
    return new NamesystemConfig(3, 64L << 20, 1, 512, 0.999, 30_000, 2, 60_000, 64 * 1024);
  }
}
