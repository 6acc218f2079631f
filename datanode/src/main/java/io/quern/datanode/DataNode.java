package io.quern.datanode;

import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.daemon.Daemon;
import io.quern.daemon.ResourceProbe;
import io.quern.fs.DatanodeStubs;
import io.quern.fs.DfsKeys;
import io.quern.fs.ZkRmiConnector;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeCommands;
import io.quern.protocol.dfs.DatanodeProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.rpc.ResilientProxy;
import io.quern.rpc.RpcErrors;
import io.quern.rpc.RpcServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The DataNode daemon: block storage served over RMI, registered in ZooKeeper with its space
 * and resources, reporting replicas to whichever NameNode is registered (a full report each time
 * one appears), executing its commands, and scanning its replicas in the background.
 */
public final class DataNode implements Daemon {
  private static final Logger LOG = LogManager.getLogger(DataNode.class);
  public static final String HTTP_ADDRESS_KEY = "dfs.datanode.http.address";
  public static final int DEFAULT_HTTP_PORT = 50075;

  private final Configuration conf;
  /** Set once by the first close(); atomic, so a second close (a test, then a shutdown hook) does nothing. */
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  // The fields below up to reports are written once by start(), before the RPC server exports
  // anything and before the timers and listeners that read them exist (both publish them), and
  // read after; close() reads them on whichever thread closes, after start() returned.
  private BlockStore store;
  private ZkCluster zk;
  private RpcServer rpc;
  private DatanodeHttp http;
  private String httpAdvertised;
  /** Immutable. */
  private final long startMillis = System.currentTimeMillis();
  private Registration registration;
  private ScheduledExecutorService timer;
  private ExecutorService workers;
  private ExecutorService forwarders;
  private ExecutorService reportSender;
  private ReportQueue reports;
  private DatanodeProtocol namenode;
  private String id;
  /** Whether the current NameNode still needs a full report; thread-safe (see the class). */
  private final FullReports fullReports = new FullReports();
  /** Written once by start(), as the fields above. */
  private MembershipListener namenodeListener;
  /** Written once by start(), as the fields above; null when short-circuit reads are off. */
  private LocalReadServer localReads;

  public DataNode(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public void start() throws Exception {
    List<Path> dirs = DfsKeys.DATANODE_DATA_DIR.getList(conf).stream().map(Path::of).toList();
    if (dirs.isEmpty()) {
      throw conf.bad(DfsKeys.DATANODE_DATA_DIR.name(), "", "one or more comma-separated directories");
    }
    store = new BlockStore(dirs, DfsKeys.DATANODE_DU_RESERVED.getBytes(conf),
        DfsKeys.DATANODE_CAPACITY.getBytes(conf),
        DfsKeys.DATANODE_WRITE_ORDER_WAIT.get(conf, TimeUnit.MILLISECONDS),
        DfsKeys.DATANODE_SYNCONCLOSE.getBoolean(conf));
    String host = CoreKeys.DAEMON_HOST.get(conf);
    zk = ZkCluster.connect(conf);
    // Tasks read and write blocks with their job's token; the NameNode's commands refuse it.
    rpc = new RpcServer(conf, host, DfsKeys.DATANODE_PORT.getInt(conf)).start().acceptJobTokens();
    id = rpc.endpoint().toString();
    namenode = ResilientProxy.create(DatanodeProtocol.class, DatanodeProtocol.NAME,
        () -> ZkRmiConnector.namenodeEndpoint(zk), ZkRmiConnector.withNamenodeRetryWindow(conf));
    // Incremental reports go out whenever a NameNode is registered; one that does not know this
    // DataNode yet drops them, and the full report that follows covers them. They are sent inline
    // by writes being finalized, which must not wait out a NameNode restart: one try, and the
    // periodic tick sends what is left.
    Configuration once = new Configuration(conf);
    once.setTimeDuration(ResilientProxy.RETRY_WINDOW_KEY, 0, TimeUnit.MILLISECONDS);
    DatanodeProtocol namenodeOnce = ResilientProxy.create(DatanodeProtocol.class, DatanodeProtocol.NAME,
        () -> ZkRmiConnector.namenodeEndpoint(zk), once);
    timer = Executors.newScheduledThreadPool(2, r -> daemonThread(r, "datanode-timer"));
    reportSender = Executors.newSingleThreadExecutor(r -> daemonThread(r, "datanode-reports"));
    reports = new ReportQueue(id, () -> ZkRmiConnector.namenodeEndpoint(zk) != null ? namenodeOnce : null,
        reportSender);
    DatanodeStubs peers = new DatanodeStubs(conf);
    int chunk = (int) DfsKeys.CLIENT_TRANSFER_CHUNK_SIZE.getBytes(conf);
    workers = Executors.newFixedThreadPool(DfsKeys.DATANODE_TRANSFER_THREADS.getInt(conf),
        r -> daemonThread(r, "datanode-transfer"));
    Replicator replicator = new Replicator(id, store, peers::get, reports, chunk);
    forwarders = Executors.newCachedThreadPool(r -> daemonThread(r, "datanode-forward"));
    localReads = startLocalReads(rpc.endpoint().port());
    rpc.export(BlockTransferProtocol.NAME, new BlockTransfer(id, store, peers::get, reports, forwarders,
        io.quern.security.BlockTokens.forDaemon(conf), this::isRegisteredDatanode, localReads,
        CoreKeys.RPC_READ_TIMEOUT.millis(conf)),
        BlockTransferProtocol.class);
    rpc.export(DatanodeCommands.NAME, new CommandEndpoint(store, replicator, reports, workers, this::reportAgain),
        DatanodeCommands.class);
    // The NameNode drops this node's replicas from its block map when the session ends (a
    // partition longer than it), and learns them again only from a full report.
    zk.addSessionExpiryListener(this::reportAgain);

    namenodeListener = new MembershipListener() {
      @Override
      public void joined(NodeInfo n) {
        fullReports.owe();
        timer.execute(DataNode.this::fullReport);
      }

      @Override
      public void left(NodeInfo n) {
        fullReports.owe();
      }
    };
    zk.membership().addListener(Role.NAMENODE, namenodeListener);
    http = new DatanodeHttp(io.quern.http.HttpAddress.fromConf(conf, HTTP_ADDRESS_KEY, DEFAULT_HTTP_PORT),
        this::status, store).start();
    rpc.metrics().registerWith(http.metrics().registry());
    http.metrics().zooKeeper(zk::isConnected);
    httpAdvertised = io.quern.http.HttpAddress.advertised(http.endpoint(), host).toString();
    String rack = RackResolver.create(conf).rackOf(host);
    ResourceProbe probe = new ResourceProbe();
    registration = zk.membership().register(new NodeInfo(id, Role.DATANODE, rpc.endpoint(), rack,
        attributes(probe, dirs)));

    long refresh = CoreKeys.RESOURCES_REFRESH_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(() -> publish(probe, dirs), refresh, refresh, TimeUnit.MILLISECONDS);
    long retry = DfsKeys.DATANODE_REPORT_RETRY_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::reportTick, retry, retry, TimeUnit.MILLISECONDS);
    long full = DfsKeys.BLOCKREPORT_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(fullReports::owe, full, full, TimeUnit.MILLISECONDS);
    long scan = DfsKeys.DATANODE_SCAN_PERIOD.get(conf, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(new BlockScanner(store, reports), scan, scan, TimeUnit.MILLISECONDS);
    LOG.info("DataNode {} serving {} replicas from {}", id, store.finalizedReplicas().size(), dirs);
  }

  /**
   * The short-circuit read socket at {@code dfs.domain.socket.path} ({@code _PORT} standing for
   * the RPC port, so that DataNodes sharing a host and a configuration get one each); null when
   * the key is empty or the socket cannot be served, which only costs readers on this host speed.
   */
  private LocalReadServer startLocalReads(int port) {
    // As set, not through the key's default: an empty value is how short-circuit reads are turned off.
    String path = conf.get(DfsKeys.DOMAIN_SOCKET_PATH.name());
    if (path == null || path.isBlank()) {
      return null;
    }
    path = path.trim().replace("_PORT", Integer.toString(port));
    try {
      return LocalReadServer.start(Path.of(path), store, DfsKeys.DATANODE_SHORTCIRCUIT_STREAMS_MAX.getInt(conf),
          System::currentTimeMillis);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Short-circuit reads are off on this DataNode (readers on its host use RPC): {}", e.getMessage());
      return null;
    }
  }

  /** Whether a DataNode with that id is registered at that very address. */
  private boolean isRegisteredDatanode(DatanodeRef d) {
    for (NodeInfo n : zk.membership().live(io.quern.cluster.Role.DATANODE)) {
      if (n.id().equals(d.id()) && n.endpoint().host().equals(d.host()) && n.endpoint().port() == d.port()) {
        return true;
      }
    }
    return false;
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private Map<String, String> attributes(ResourceProbe probe, List<Path> dirs) {
    Map<String, String> a = new HashMap<>(probe.sample(dirs.stream().map(Path::toFile).toList()));
    a.put(NodeAttributes.DFS_CAPACITY, Long.toString(store.capacity()));
    a.put(NodeAttributes.DFS_USED, Long.toString(store.used()));
    a.put(NodeAttributes.DFS_REMAINING, Long.toString(store.remaining()));
    a.put(NodeAttributes.HTTP_ADDRESS, httpAdvertised);
    return a;
  }

  private void publish(ResourceProbe probe, List<Path> dirs) {
    try {
      registration.update(attributes(probe, dirs));
    } catch (Exception e) {
      LOG.warn("Publishing the space of DataNode {} failed ({}); trying again next interval", id, e.getMessage());
    }
  }

  /** The next report tick sends a full report. */
  private void reportAgain() {
    fullReports.owe();
  }

  /** Sends a full report until the NameNode accepts it, then incremental ones. */
  private void reportTick() {
    if (fullReports.due()) {
      fullReport();
    }
    reports.flush();
  }

  /**
   * Sends a full report when one is owed. Runs on the timers; one at a time ({@link FullReports}
   * holds its monitor across the RPC, and {@link ReportQueue#fullReport} its sending lock, so that
   * no incremental report overtakes it). Nothing else waits on either but the next full report.
   */
  private void fullReport() {
    if (!fullReports.due() || ZkRmiConnector.namenodeEndpoint(zk) == null) {
      return;
    }
    try {
      if (fullReports.send(() -> reports.fullReport(() -> namenode.blockReport(id, store.finalizedReplicas())))) {
        LOG.info("Full block report of {} accepted by the NameNode", id);
      }
    } catch (Exception e) {
      LOG.warn("Full block report of {} failed ({}); retrying shortly", id, RpcErrors.describe(e));
    }
  }

  public String id() {
    return id;
  }

  private DatanodeHttp.Status status() {
    String nn = null;
    for (NodeInfo n : zk.membership().live(Role.NAMENODE)) {
      nn = n.attribute(NodeAttributes.HTTP_ADDRESS, null);
    }
    return new DatanodeHttp.Status(id, startMillis, store.finalizedIds().size(), store.capacity(), store.used(),
        store.remaining(), store.volumes(), nn);
  }

  /** Where the status page is, once started (tests bind port 0). */
  public HostPort httpEndpoint() {
    return http.endpoint();
  }

  public HostPort endpoint() {
    return rpc.endpoint();
  }

  /** The replica store, for in-JVM tests. */
  public BlockStore store() {
    return store;
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
    if (workers != null) {
      workers.shutdownNow();
    }
    if (forwarders != null) {
      forwarders.shutdownNow();
    }
    if (reportSender != null) {
      reportSender.shutdownNow();
    }
    if (zk != null && namenodeListener != null) {
      zk.membership().removeListener(Role.NAMENODE, namenodeListener);
    }
    if (http != null) {
      http.close();
    }
    if (localReads != null) {
      localReads.close();
    }
    if (rpc != null) {
      rpc.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

}
