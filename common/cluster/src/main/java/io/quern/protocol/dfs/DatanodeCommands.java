package io.quern.protocol.dfs;

import java.io.IOException;
import java.rmi.Remote;
import java.util.List;

/** NameNode → DataNode: work the replication monitor hands out. Both return at once and run in the background. */
public interface DatanodeCommands extends Remote {
  String NAME = "DatanodeCommands";

  /** Copies a finalized replica to {@code targets} as a pipeline. */
  void replicate(long blockId, List<DatanodeRef> targets) throws IOException;

  /** Deletes the replicas; reports back with {@link DatanodeProtocol#blockDeleted}. */
  void invalidate(List<Long> blockIds) throws IOException;

  /** Sends a full block report ({@link DatanodeProtocol#blockReport}) again, soon. */
  void requestFullReport() throws IOException;
}
