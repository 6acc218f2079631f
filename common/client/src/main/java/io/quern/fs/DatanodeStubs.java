package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.rpc.ResilientProxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Block transfer stubs of DataNodes, one per node, shared by the DFS client and DataNodes. Each
 * re-looks up a stale stub (a restarted DataNode) and retries connection failures only briefly
 * ({@code dfs.client.datanode.retry.window}), because a writer or reader fails over to another
 * DataNode rather than wait for a dead one.
 */
public final class DatanodeStubs {
  private final Configuration conf;
  /** A concurrent map: any reader or writer thread looks a stub up or adds one. */
  private final Map<String, BlockTransferProtocol> stubs = new ConcurrentHashMap<>();

  private final boolean sharing;

  public DatanodeStubs(Configuration conf) {
    this(conf, false);
  }

  /**
   * With {@code sharing}, a node's stub is the one this process already looked up, if any
   * ({@link io.quern.rpc.SharedStubs}); each proxy keeps its own retry window.
   */
  public DatanodeStubs(Configuration conf, boolean sharing) {
    this.sharing = sharing;
    this.conf = new Configuration(conf);
    long window = DfsKeys.CLIENT_DATANODE_RETRY_WINDOW.get(conf, TimeUnit.MILLISECONDS);
    this.conf.setTimeDuration(ResilientProxy.RETRY_WINDOW_KEY, window, TimeUnit.MILLISECONDS);
  }

  /**
   * The stub of the DataNode at {@code node}'s address. Cached by that address, never by the id
   * the caller names: an id paired with another address must not redirect later calls.
   */
  public BlockTransferProtocol get(DatanodeRef node) {
    return stubs.computeIfAbsent(node.host() + ":" + node.port(), key -> {
      HostPort hp = new HostPort(node.host(), node.port());
      return sharing
          ? ResilientProxy.createSharing(BlockTransferProtocol.class, BlockTransferProtocol.NAME, () -> hp, conf,
              io.quern.rpc.WaitObserver.NONE)
          : ResilientProxy.create(BlockTransferProtocol.class, BlockTransferProtocol.NAME, () -> hp, conf);
    });
  }
}
