package io.quern.namenode;

import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.DatanodeRef;
import java.util.HashSet;
import java.util.Set;

/** A live DataNode as the NameNode tracks it. Guarded by the {@link FsNamesystem} lock. */
final class DatanodeDescriptor {
  final String id;
  final String host;
  final int port;
  final String rack;
  long capacity;
  long used;
  long remaining;
  AdminState adminState = AdminState.NORMAL;
  /** When {@link #adminState} last changed (a decommission started or finished); 0 while NORMAL. */
  long adminStateSinceMillis;
  /** When the NameNode last heard of it (its registration refreshed, or a report): for the status page. */
  long lastContactMillis;
  final Set<Long> blocks = new HashSet<>();
  /** When it registered, as this NameNode saw it. */
  long joinedMillis;
  /** Whether a full block report arrived since it registered: until then its replicas are unknown here. */
  boolean fullReportReceived;
  /** When it was last asked for a full report. */
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
