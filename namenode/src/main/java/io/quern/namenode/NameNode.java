package io.quern.namenode;

import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.daemon.Daemon;
import io.quern.fs.DfsKeys;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.dfs.ClientNamenodeProtocol;
import io.quern.protocol.dfs.DatanodeCommands;
import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.rpc.RpcClient;
import io.quern.rpc.RpcErrors;
import io.quern.rpc.RpcServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NameNode daemon: wires the {@link FsNamesystem} to RMI, to ZooKeeper membership (DataNodes
 * joining and leaving) and to its timers (monitor, checkpoint). Holds no DFS state of its own.
 */
public final class NameNode implements Daemon {
  private static final Logger LOG = LogManager.getLogger(NameNode.class);
  public static final String HTTP_ADDRESS_KEY = "dfs.namenode.http-address";
  public static final int DEFAULT_HTTP_PORT = 50070;

  private final Configuration conf;
  /** Set once by the first close(); atomic, so a second close does nothing. */
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  // The fields below are written once by start(), each before the RPC server, listener or timer
  // that reads it is exported, added or scheduled (which publishes it), and read after; close()
  // reads them on whichever thread closes, after start() returned.
  private FsNamesystem ns;
  private ZkCluster zk;
  private RpcServer rpc;
  private NamenodeHttp http;
  private Registration registration;
  private ScheduledExecutorService timer;
  private ExecutorService commandSender;
  private MembershipListener datanodeListener;

  public NameNode(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public void start() throws Exception {
    NamesystemConfig cfg = NamesystemConfig.from(conf);
    Path nameDir = Path.of(DfsKeys.NAMENODE_NAME_DIR.get(conf));
    RackResolver racks = RackResolver.create(conf);
    ns = new FsNamesystem(cfg, nameDir, System::currentTimeMillis, new PlacementPolicy(new Random()), racks::rackOf);
    ns.load();
    zk = ZkCluster.connect(conf);
    String host = CoreKeys.DAEMON_HOST.get(conf);
    // Tasks reach the DFS with their job's token; the endpoints decide what it allows (ClientEndpoint).
    rpc = new RpcServer(conf, host, DfsKeys.NAMENODE_PORT.getInt(conf)).start().acceptJobTokens();
    rpc.export(ClientNamenodeProtocol.NAME, new ClientEndpoint(ns, io.quern.security.BlockTokens.forDaemon(conf)),
        ClientNamenodeProtocol.class);
    rpc.export(DatanodeProtocol.NAME, new DatanodeEndpoint(ns), DatanodeProtocol.class);
    datanodeListener = new MembershipListener() {
      @Override
      public void joined(NodeInfo n) {
        addDatanode(n, racks);
      }

      @Override
      public void left(NodeInfo n) {
        ns.datanodes().datanodeLeft(n.id());
      }

      @Override
      public void updated(NodeInfo n) {
        ns.datanodes().datanodeUpdated(n.id(), n.longAttribute(NodeAttributes.DFS_CAPACITY, 0),
            n.longAttribute(NodeAttributes.DFS_USED, 0), n.longAttribute(NodeAttributes.DFS_REMAINING, 0));
      }
    };
    zk.membership().addListener(Role.DATANODE, datanodeListener);
    reconcileDatanodes(racks);
    commandSender = Executors.newFixedThreadPool(2, r -> daemonThread(r, "namenode-commands"));
    timer = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "namenode-monitor"));
    long interval = DfsKeys.NAMENODE_REPLICATION_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(() -> monitor(racks), interval, interval, TimeUnit.MILLISECONDS);
    long checkpoint = DfsKeys.NAMENODE_CHECKPOINT_PERIOD.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::checkpoint, checkpoint, checkpoint, TimeUnit.MILLISECONDS);
    long maxEdits = DfsKeys.NAMENODE_CHECKPOINT_TXNS.getLong(conf);
    timer.scheduleWithFixedDelay(() -> {
      if (ns.editsSinceCheckpoint() >= maxEdits) {
        checkpoint();
      }
    }, 10, 10, TimeUnit.SECONDS);
    http = new NamenodeHttp(io.quern.http.HttpAddress.fromConf(conf, HTTP_ADDRESS_KEY, DEFAULT_HTTP_PORT), ns).start();
    rpc.metrics().registerWith(http.metrics().registry());
    http.metrics().zooKeeper(zk::isConnected);
    registration = zk.membership().register(new NodeInfo("namenode", Role.NAMENODE, rpc.endpoint(),
        racks.rackOf(host), Map.of(NodeAttributes.DFS_NAME_DIR, nameDir.toString(), NodeAttributes.HTTP_ADDRESS,
            io.quern.http.HttpAddress.advertised(http.endpoint(), host).toString())));
    LOG.info("NameNode serving {} at {}", nameDir, rpc.endpoint());
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void addDatanode(NodeInfo n, RackResolver racks) {
    ns.datanodes().datanodeJoined(n.id(), n.host(), n.port(), racks.rackOf(n.host()), n.longAttribute(NodeAttributes.DFS_CAPACITY, 0),
        n.longAttribute(NodeAttributes.DFS_USED, 0), n.longAttribute(NodeAttributes.DFS_REMAINING, 0));
  }

  /** Membership events may be missed around start-up; this makes the DataNode set match ZooKeeper. */
  private void reconcileDatanodes(RackResolver racks) {
    List<NodeInfo> live = zk.membership().live(Role.DATANODE);
    Set<String> liveIds = new HashSet<>();
    for (NodeInfo n : live) {
      liveIds.add(n.id());
      addDatanode(n, racks);
    }
    for (String id : ns.datanodes().datanodeIds()) {
      if (!liveIds.contains(id)) {
        ns.datanodes().datanodeLeft(id);
      }
    }
  }

  private void monitor(RackResolver racks) {
    try {
      reconcileDatanodes(racks);
      List<DatanodeCommand> commands = new java.util.ArrayList<>(ns.monitor());
      commands.addAll(ns.datanodes().fullReportRequests());
      for (DatanodeCommand c : commands) {
        commandSender.execute(() -> send(c));
      }
    } catch (Exception e) {
      LOG.error("NameNode monitor round failed; trying again next round", e);
    }
  }

  private void send(DatanodeCommand c) {
    DatanodeRef dn = ns.datanodes().datanodeRef(c.datanodeId());
    if (dn == null) {
      return;
    }
    try {
      DatanodeCommands target = RpcClient.lookup(conf, new HostPort(dn.host(), dn.port()), DatanodeCommands.NAME,
          DatanodeCommands.class);
      if (c instanceof DatanodeCommand.Replicate r) {
        target.replicate(r.blockId(), r.targets());
      } else if (c instanceof DatanodeCommand.Invalidate i) {
        target.invalidate(i.blockIds());
      } else if (c instanceof DatanodeCommand.SendFullReport) {
        LOG.info("Asking DataNode {}, registered without a full block report since, for one", dn.id());
        target.requestFullReport();
      }
    } catch (Exception e) {
      LOG.warn("Sending {} to DataNode {} failed ({}); the monitor retries what still needs doing",
          c, dn.id(), RpcErrors.describe(e));
    }
  }

  private void checkpoint() {
    try {
      ns.checkpoint();
    } catch (Exception e) {
      LOG.error("Checkpoint of the namespace failed; the edit log keeps every change and it is tried again", e);
    }
  }

  /** The namesystem, for in-JVM tests and tools. */
  public FsNamesystem namesystem() {
    return ns;
  }

  public HostPort endpoint() {
    return rpc.endpoint();
  }

  /** Where the status pages are, once started (tests bind port 0). */
  public HostPort httpEndpoint() {
    return http.endpoint();
  }

  @Override
  public void close() {
    // Idempotent: a test or a shutdown hook may close a daemon that was already closed.
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (registration != null) {
      registration.close();
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (commandSender != null) {
      commandSender.shutdownNow();
    }
    if (zk != null && datanodeListener != null) {
      zk.membership().removeListener(Role.DATANODE, datanodeListener);
    }
    if (http != null) {
      http.close();
    }
    if (rpc != null) {
      rpc.close();
    }
    if (zk != null) {
      zk.close();
    }
    if (ns != null) {
      ns.close();
    }
  }
}
