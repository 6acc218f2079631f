package io.quern.namenode;

import io.quern.protocol.dfs.BadReplica;
import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.ReplicaReport;
import io.quern.rpc.CallContext;
import java.rmi.AccessException;
import java.util.List;

/** RMI face of the namesystem for DataNodes: one line per call; tasks (job tokens) may make none. */
final class DatanodeEndpoint implements DatanodeProtocol {
  private final FsNamesystem ns;

  DatanodeEndpoint(FsNamesystem ns) {
    this.ns = ns;
  }

  public boolean blockReport(String dn, List<ReplicaReport> replicas) throws AccessException {
    CallContext.requireClusterMember();
    return ns.datanodes().blockReport(dn, replicas);
  }

  public void blockReceived(String dn, List<ReplicaReport> replicas) throws AccessException {
    CallContext.requireClusterMember();
    ns.datanodes().blockReceived(dn, replicas);
  }

  public void blockDeleted(String dn, List<Long> ids) throws AccessException {
    CallContext.requireClusterMember();
    ns.datanodes().blockDeleted(dn, ids);
  }

  public void reportCorrupt(String dn, List<Long> ids) throws AccessException {
    CallContext.requireClusterMember();
    ns.datanodes().reportBadBlocks(ids.stream().map(id -> new BadReplica(id, dn)).toList());
  }
}
