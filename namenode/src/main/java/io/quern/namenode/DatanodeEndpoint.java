package io.quern.namenode;

import io.quern.protocol.BadReplica;
import io.quern.protocol.DatanodeProtocol;
import io.quern.protocol.ReplicaReport;
import java.util.List;

/** RMI face of the namesystem for DataNodes: one line per call. */
final class DatanodeEndpoint implements DatanodeProtocol {
  private final FsNamesystem ns;

  DatanodeEndpoint(FsNamesystem ns) {
    this.ns = ns;
  }

  public boolean blockReport(String dn, List<ReplicaReport> replicas) { return ns.datanodes().blockReport(dn, replicas); }

  public void blockReceived(String dn, List<ReplicaReport> replicas) { ns.datanodes().blockReceived(dn, replicas); }

  public void blockDeleted(String dn, List<Long> ids) { ns.datanodes().blockDeleted(dn, ids); }

  public void reportCorrupt(String dn, List<Long> ids) {
    ns.datanodes().reportBadBlocks(ids.stream().map(id -> new BadReplica(id, dn)).toList());
  }
}
