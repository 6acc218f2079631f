package io.quern.namenode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is writing which files. A writer renews its lease every few seconds from a background
 * thread of its FileSystem; when its process dies the renewals stop and the lease expires after
 * {@code dfs.namenode.lease.timeout}. Files are held by reference, so a rename does not lose
 * them. Guarded by {@link Namespace#lock}.
 */
final class LeaseManager {
  private static final class Lease {
    /** Guarded by {@link Namespace#lock}. */
    long lastRenewed;
    /** Guarded by {@link Namespace#lock}. */
    final Set<INodeFile> files = Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** Guarded by {@link Namespace#lock}. */
  private final Map<String, Lease> leases = new HashMap<>();
  private final long timeoutMs;

  LeaseManager(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  void add(String client, INodeFile file, long now) {
    Lease l = leases.computeIfAbsent(client, c -> new Lease());
    l.lastRenewed = now;
    l.files.add(file);
  }

  void remove(String client, INodeFile file) {
    Lease l = leases.get(client);
    if (l != null) {
      l.files.remove(file);
      if (l.files.isEmpty()) {
        leases.remove(client);
      }
    }
  }

  /** False when the client holds no lease (it expired, or it writes nothing). */
  boolean renew(String client, long now) {
    Lease l = leases.get(client);
    if (l == null) {
      return false;
    }
    l.lastRenewed = now;
    return true;
  }

  /** Files whose writer's lease expired; the caller closes them. */
  List<INodeFile> expired(long now) {
    List<INodeFile> out = new ArrayList<>();
    for (Lease l : leases.values()) {
      if (now - l.lastRenewed > timeoutMs) {
        out.addAll(l.files);
      }
    }
    return out;
  }

  /** How many files {@code client} holds open for writing. */
  int openFiles(String client) {
    Lease l = leases.get(client);
    return l == null ? 0 : l.files.size();
  }

  int count() {
    return leases.size();
  }
}
