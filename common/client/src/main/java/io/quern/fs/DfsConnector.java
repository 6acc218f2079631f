package io.quern.fs;

import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import java.io.Closeable;
import java.io.IOException;

/** How a DFS client reaches the NameNode and DataNodes; RMI through ZooKeeper in a real cluster. */
public interface DfsConnector extends Closeable {
  /** The NameNode; calls re-resolve and retry connection failures for a while. */
  ClientNamenodeProtocol namenode();

  BlockTransferProtocol datanode(DatanodeRef node) throws IOException;

  @Override
  void close();
}
