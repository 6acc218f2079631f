package io.quern.namenode;

import io.quern.conf.Configuration;
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

  private static int positive(Configuration conf, String key, int def) {
    int v = conf.getInt(key, def);
    if (v <= 0) {
      throw conf.bad(key, conf.get(key), "a positive number");
    }
    return v;
  }

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
        bpc, permissions(conf), new Limits(
            positive(conf, "dfs.namenode.fs-limits.max-component-length", 255),
            positive(conf, "dfs.namenode.fs-limits.max-path-length", 8000),
            positive(conf, "dfs.namenode.fs-limits.max-directory-depth", 1000),
            positive(conf, "dfs.namenode.max.open.files.per.client", 1000)));
  }

  private static Permissions permissions(Configuration conf) {
    String umask = conf.get("dfs.permissions.umask", "022").trim();
    if (!umask.matches("0?[0-7]{1,3}")) {
      throw conf.bad("dfs.permissions.umask", umask, "an octal mask such as 022");
    }
    java.util.Map<String, java.util.Set<String>> groups;
    try {
      groups = parseGroups(conf.get("dfs.permissions.user.groups", ""));
    } catch (IllegalArgumentException e) {
      throw conf.bad("dfs.permissions.user.groups", conf.get("dfs.permissions.user.groups"),
          "USER=GROUP[,GROUP...] entries separated by ';'");
    }
    return new Permissions(conf.getBoolean("dfs.permissions.enabled", true), System.getProperty("user.name"),
        conf.get("dfs.permissions.superusergroup", "supergroup"), (short) Integer.parseInt(umask, 8), groups);
  }

  static NamesystemConfig defaults() {
    return new NamesystemConfig(3, 64L << 20, 1, 512, 0.999, 30_000, 2, 60_000, 64 * 1024);
  }
}
