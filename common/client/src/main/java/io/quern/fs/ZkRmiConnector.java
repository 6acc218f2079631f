package io.quern.fs;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.rpc.ResilientProxy;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real {@link DfsConnector}: finds the NameNode through ZooKeeper (one session per
 * connector), or through a locator the process installed instead (task children ask their
 * worker, so that a child needs no ZooKeeper session of its own), and talks RMI to it and to
 * the DataNodes.
 */
public final class ZkRmiConnector implements DfsConnector {
  public static final String RETRY_WINDOW_KEY = DfsKeys.CLIENT_RETRY_WINDOW.name();
  private final Configuration conf;
  private final ZkCluster zk;
  private final ClientNamenodeProtocol namenode;
  private final DatanodeStubs datanodes;

  /** When set, every connector of this process finds the NameNode through it instead of ZooKeeper. */
  private static volatile Supplier<HostPort> processLocator;

  private ZkRmiConnector(Configuration conf, ZkCluster zk, Supplier<HostPort> locator) {
    this.conf = conf;
    this.zk = zk;
    // With a process locator (a task JVM), the connectors share the stubs they look up: the
    // JVM's warm-up finds them before its job's first attempt asks.
    boolean sharing = zk == null;
    this.datanodes = new DatanodeStubs(conf, sharing);
    Configuration retrying = withNamenodeRetryWindow(conf);
    ClientNamenodeProtocol proxy = sharing
        ? ResilientProxy.createSharing(ClientNamenodeProtocol.class, ClientNamenodeProtocol.NAME, locator, retrying,
            NamenodeWaits.INSTANCE)
        : ResilientProxy.create(ClientNamenodeProtocol.class, ClientNamenodeProtocol.NAME, locator, retrying,
            NamenodeWaits.INSTANCE);
    this.namenode = SafeModeWait.wrap(proxy, namenodeRetryWindowMs(conf));
  }

  /**
   * Makes the DFS clients of this process find the NameNode through {@code locator} (null:
   * through ZooKeeper again). Set once at start by a process that has a better source than a
   * ZooKeeper session of its own; the locator may return null while no NameNode is known.
   */
  public static void useNamenodeLocator(Supplier<HostPort> locator) {
    processLocator = locator;
  }

  /** How long DFS clients and DataNodes ride out a NameNode they cannot reach (a restart). */
  public static long namenodeRetryWindowMs(Configuration conf) {
    long ms = DfsKeys.CLIENT_RETRY_WINDOW.millis(conf);
    if (ms < 0) {
      throw conf.bad(RETRY_WINDOW_KEY, conf.get(RETRY_WINDOW_KEY), "a duration such as 60s");
    }
    return ms;
  }

  /** A copy of {@code conf} whose RPC retry window is {@code dfs.client.retry.window}, for NameNode proxies. */
  public static Configuration withNamenodeRetryWindow(Configuration conf) {
    Configuration c = new Configuration(conf);
    c.setTimeDuration(ResilientProxy.RETRY_WINDOW_KEY, namenodeRetryWindowMs(conf), TimeUnit.MILLISECONDS);
    return c;
  }

  public static ZkRmiConnector connect(Configuration conf) throws IOException {
    Supplier<HostPort> locator = processLocator;
    if (locator != null) {
      return new ZkRmiConnector(conf, null, locator);
    }
    try {
      ZkCluster zk = ZkCluster.connect(conf);
      return new ZkRmiConnector(conf, zk, () -> namenodeEndpoint(zk));
    } catch (io.quern.cluster.zk.ZkUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The NameNode's RMI endpoint as registered in ZooKeeper, or null while none is. */
  public static HostPort namenodeEndpoint(ZkCluster zk) {
    List<NodeInfo> live = zk.membership().live(Role.NAMENODE);
    return live.isEmpty() ? null : live.get(0).endpoint();
  }

  /** The RMI endpoint of a live DataNode registered on {@code host}, or null while none is. */
  public static HostPort datanodeEndpointOn(ZkCluster zk, String host) {
    for (NodeInfo dn : zk.membership().live(Role.DATANODE)) {
      if (dn.endpoint().host().equals(host)) {
        return dn.endpoint();
      }
    }
    return null;
  }

  @Override
  public ClientNamenodeProtocol namenode() {
    return namenode;
  }

  @Override
  public BlockTransferProtocol datanode(DatanodeRef node) {
    return datanodes.get(node);
  }

  @Override
  public void close() {
    if (zk != null) {
      zk.close();
    }
  }
}
