package io.quern.namenode;

import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DatanodeRef;
import java.util.HashSet;
import java.util.Set;

/** A live DataNode as the NameNode tracks it. Every mutable field is guarded by {@link Namespace#lock}. */
final class DatanodeDescriptor {
  final String id;
  final String host;
  final int port;
  final String rack;
  /** Guarded by {@link Namespace#lock}. */
  long capacity;
  /** Guarded by {@link Namespace#lock}. */
  long used;
  /** Guarded by {@link Namespace#lock}. */
  long remaining;
  /** Guarded by {@link Namespace#lock}. */
  AdminState adminState = AdminState.NORMAL;
  /** When {@link #adminState} last changed (a decommission started or finished); 0 while NORMAL. Guarded by {@link Namespace#lock}. */
  long adminStateSinceMillis;
  /** When the NameNode last heard of it (its registration refreshed, or a report): for the status page. Guarded by {@link Namespace#lock}. */
  long lastContactMillis;
  /** Guarded by {@link Namespace#lock}. */
  final Set<Long> blocks = new HashSet<>();
  /** When it registered, as this NameNode saw it. Guarded by {@link Namespace#lock}. */
  long joinedMillis;
  /** Whether a full block report arrived since it registered: until then its replicas are unknown here. Guarded by {@link Namespace#lock}. */
  boolean fullReportReceived;
  /** When it was last asked for a full report. Guarded by {@link Namespace#lock}. */
  long askedForReportMillis;

  DatanodeDescriptor(String id, String host, int port, String rack) {
    this.id = id;
    this.host = host;
    this.port = port;
    this.rack = rack;
  }

  DatanodeRef ref() {
    return new DatanodeRef(id, host, port, rack);
  }

  boolean inService() {
    return adminState == AdminState.NORMAL;
  }

  @Override
  public String toString() {
    return id;
  }
}
