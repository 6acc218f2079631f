package io.quern.protocol.dfs;

import io.quern.rpc.Idempotent;
import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/**
 * DataNode → NameNode: what replicas a DataNode holds. Liveness is its ZooKeeper znode, so there
 * is no heartbeat here; commands travel the other way through {@link DatanodeCommands}.
 */
public interface DatanodeProtocol extends Remote {
  String NAME = "DatanodeProtocol";

  /**
   * Every finalized replica; replaces what the NameNode knew of this DataNode. False when the
   * NameNode has not yet seen this DataNode's znode: the DataNode sends it again shortly.
   */
  @Idempotent
  boolean blockReport(String datanodeId, List<ReplicaReport> replicas) throws IOException;

  @Idempotent
  void blockReceived(String datanodeId, List<ReplicaReport> replicas) throws IOException;

  @Idempotent
  void blockDeleted(String datanodeId, List<Long> blockIds) throws IOException;

  /** Replicas the block scanner found corrupt. */
  @Idempotent
  void reportCorrupt(String datanodeId, List<Long> blockIds) throws IOException;
}
