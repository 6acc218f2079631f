package io.quern.fs;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.BlockTransferProtocol;
import io.quern.protocol.ClientNamenodeProtocol;
import io.quern.protocol.DatanodeRef;
import io.quern.rpc.RpcClient;
import io.quern.rpc.RpcErrors;
import io.quern.rpc.ResilientProxy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real {@link DfsConnector}: finds the NameNode through ZooKeeper (one session per
 * connector) and talks RMI. DataNode stubs are cached per node and dropped by the caller's
 * failure handling only in the sense that a dead stub keeps failing fast.
 */
public final class ZkRmiConnector implements DfsConnector {
  private final Configuration conf;
  private final ZkCluster zk;
  private final ClientNamenodeProtocol namenode;
  private final Map<String, BlockTransferProtocol> datanodes = new ConcurrentHashMap<>();

  private ZkRmiConnector(Configuration conf, ZkCluster zk) {
    this.conf = conf;
    this.zk = zk;
    this.namenode = ResilientProxy.create(ClientNamenodeProtocol.class, ClientNamenodeProtocol.NAME,
        () -> namenodeEndpoint(zk), conf);
  }

  public static ZkRmiConnector connect(Configuration conf) throws IOException {
    return new ZkRmiConnector(conf, ZkCluster.connect(conf));
  }

  /** The NameNode's RMI endpoint as registered in ZooKeeper, or null while none is. */
  public static HostPort namenodeEndpoint(ZkCluster zk) {
    List<NodeInfo> live = zk.membership().live(Role.NAMENODE);
    return live.isEmpty() ? null : live.get(0).endpoint();
  }

  @Override
  public ClientNamenodeProtocol namenode() {
    return namenode;
  }

  @Override
  public BlockTransferProtocol datanode(DatanodeRef node) throws IOException {
    BlockTransferProtocol p = datanodes.get(node.id());
    if (p == null) {
      try {
        p = RpcClient.lookup(conf, new HostPort(node.host(), node.port()), BlockTransferProtocol.NAME,
            BlockTransferProtocol.class);
      } catch (Exception e) {
        throw new IOException("Cannot reach DataNode " + node.id() + ": " + RpcErrors.describe(e), e);
      }
      datanodes.put(node.id(), p);
    }
    return p;
  }

  @Override
  public void close() {
    zk.close();
  }
}
