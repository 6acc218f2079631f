package io.quern.master;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.daemon.Daemon;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.JobSubmissionProtocol;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.rpc.RpcClient;
import io.quern.rpc.RpcServer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A master process: serves RMI on {@value #PORT_KEY} for a {@link MasterNode}, which registers,
 * runs for election and schedules while it leads. Coordinates through ZooKeeper unless built
 * on another {@link MasterBackend}.
 */
public final class MasterDaemon implements Daemon {
  public static final String PORT_KEY = "mapred.master.port";
  public static final String TICK_KEY = "mapred.master.tick.interval";
  public static final String HTTP_ADDRESS_KEY = "mapred.job.tracker.http.address";
  public static final int DEFAULT_HTTP_PORT = 50030;
  private static final Logger LOG = LogManager.getLogger(MasterDaemon.class);

  /** Immutable once built: never written after the constructor, shared for reads. */
  private final Configuration conf;
  private final String host;
  private final int port;
  /** Immutable. */
  private final SchedulerSettings settings;
  /** Thread-safe (a concurrent cache before the topology script or table). */
  private final RackResolver racks;
  /** Immutable (a factory). */
  private final MasterBackend.Connector connector;
  // The four below: volatile, written once by start(), read without a lock by endpoint(),
  // httpEndpoint(), isLeader() and close() on other threads (a runner's, a test's, a shutdown hook).
  private volatile MasterBackend backend;
  private volatile MasterNode node;
  private volatile RpcServer rpc;
  private volatile MasterHttp http;

  public MasterDaemon(Configuration conf) {
    this(conf, MasterBackend::zooKeeper);
  }

  MasterDaemon(Configuration conf, MasterBackend.Connector connector) {
    // The job commit's DFS calls ride out a NameNode restart rather than fail the job.
    this.conf = io.quern.fs.NamenodeWaits.forJobs(conf);
    this.host = CoreKeys.DAEMON_HOST.get(conf);
    this.port = MasterKeys.PORT.getInt(conf);
    if (port < 0 || port > 65535) {
      throw conf.bad(PORT_KEY, String.valueOf(port), "a port number");
    }
    this.settings = SchedulerSettings.fromConf(conf);
    this.racks = RackResolver.create(conf);
    this.connector = connector;
  }

  @Override
  public void start() throws Exception {
    backend = connector.connect(conf);
    node = new MasterNode(conf, backend, settings, racks, endpoint -> RpcClient.lookup(conf, HostPort.parse(endpoint),
        TaskLaunchProtocol.NAME, TaskLaunchProtocol.class));
    rpc = new RpcServer(conf, host, port).start();
    rpc.export(JobSubmissionProtocol.NAME, new Endpoints.Submission(node.loop(), backend.store(), racks,
        maxStatusWaitMillis(conf, host)), JobSubmissionProtocol.class);
    rpc.export(TaskUmbilicalProtocol.NAME, new Endpoints.Umbilical(node.loop(), backend.store()),
        TaskUmbilicalProtocol.class);
    HostPort self = rpc.endpoint();
    http = new MasterHttp(io.quern.http.HttpAddress.fromConf(conf, HTTP_ADDRESS_KEY, DEFAULT_HTTP_PORT), node.loop(),
        backend.coordination(), new io.quern.mapreduce.history.JobHistoryFiles(conf)).start();
    rpc.metrics().registerWith(http.metrics().registry());
    http.metrics().zooKeeper(backend.coordination()::isConnected);
    node.join(self, java.util.Map.of(io.quern.cluster.NodeAttributes.HTTP_ADDRESS,
        io.quern.http.HttpAddress.advertised(http.endpoint(), host).toString()));
    LOG.info("master at {} standing for election", self);
  }

  /**
   * How long a client's status wait is held: the protocol's cap, and at most a third of the
   * read timeout the master's stubs give their callers, so that a held call never looks like a
   * dead master.
   */
  static long maxStatusWaitMillis(Configuration conf, String host) {
    long readTimeout = io.quern.rpc.TimeoutClientSocketFactory.fromConf(conf, host).readTimeoutMs();
    return Math.min(JobSubmissionProtocol.MAX_STATUS_WAIT_MILLIS, readTimeout / 3);
  }

  /** The RMI endpoint, once started (tests bind port 0). */
  public HostPort endpoint() {
    return rpc.endpoint();
  }

  /** Where the status pages are, once started (tests bind port 0). */
  public HostPort httpEndpoint() {
    return http.endpoint();
  }

  public boolean isLeader() {
    return node != null && node.isLeader();
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    if (http != null) {
      http.close();
    }
    if (rpc != null) {
      rpc.close();
    }
    if (backend != null) {
      backend.close();
    }
  }
}
