package io.quern.worker;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.daemon.Daemon;
import io.quern.daemon.ResourceProbe;
import io.quern.mapreduce.MapredKeys;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.ShuffleProtocol;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.rpc.ResilientProxy;
import io.quern.rpc.RpcServer;
import io.quern.security.Security;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A worker process: serves task launches, shuffle fetches and its children's reports on
 * {@code mapred.worker.port}, and registers under Role.WORKER with its slots and resources. On
 * ZooKeeper session expiry it kills its attempts, forgets them and registers afresh.
 */
public final class WorkerDaemon implements Daemon {
  public static final String HTTP_ADDRESS_KEY = "mapred.task.tracker.http.address";
  public static final int DEFAULT_HTTP_PORT = 50060;
  private static final Logger LOG = LogManager.getLogger(WorkerDaemon.class);

  private final Configuration conf;
  private final String host;
  private final int port;
  private final int mapSlots;
  private final int reduceSlots;
  private final long timeoutMillis;
  private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "worker-housekeeping");
    t.setDaemon(true);
    return t;
  });
  /** The GPU ids this worker offers, published for the master's placement. */
  private final List<String> gpus;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "worker-timers");
    t.setDaemon(true);
    return t;
  });
  // Set once in start(), before the RPC endpoints and timers that read them; read-only after.
  private ZkCluster zk;
  private RpcServer rpc;
  private WorkerHttp http;
  private String httpAdvertised;
  private LeaderElection.View masters;
  private final long startMillis = System.currentTimeMillis();
  private TaskManager tasks;
  private NodeInfo self;
  private LocalDirs dirs;
  /** Replaced on session expiry (ZooKeeper's event thread), read by the timers. */
  private volatile Registration registration;

  public WorkerDaemon(Configuration conf) {
    this.conf = conf;
    this.host = CoreKeys.DAEMON_HOST.get(conf);
    this.port = WorkerKeys.PORT.getInt(conf);
    int cores = Runtime.getRuntime().availableProcessors();
    this.mapSlots = WorkerKeys.MAP_SLOTS.get(conf, cores);
    this.reduceSlots = WorkerKeys.REDUCE_SLOTS.get(conf, Math.max(1, cores / 2));
    if (mapSlots < 0) {
      throw conf.bad(WorkerKeys.MAP_SLOTS.name(), String.valueOf(mapSlots), "a number of slots >= 0");
    }
    if (reduceSlots < 0) {
      throw conf.bad(WorkerKeys.REDUCE_SLOTS.name(), String.valueOf(reduceSlots), "a number of slots >= 0");
    }
    this.timeoutMillis = WorkerKeys.TASK_TIMEOUT.millis(conf);
    this.gpus = WorkerGpus.of(conf, System.getenv("PATH"));
  }

  @Override
  public void start() throws Exception {
    // Child task JVMs connect with their job's token; every endpoint here checks what it allows them.
    rpc = new RpcServer(conf, host, port).start().acceptJobTokens();
    HostPort endpoint = rpc.endpoint();
    String id = WorkerKeys.WORKER_ID.get(conf, "worker-" + endpoint.host() + "-" + endpoint.port());
    dirs = new LocalDirs(Path.of(MapredKeys.LOCAL_DIR.get(conf), id), Path.of(WorkerKeys.USERLOG_DIR.get(conf), id));
    zk = ZkCluster.connect(conf);
    LeaderElection.View view = zk.leaderView();
    TaskUmbilicalProtocol master = ResilientProxy.create(TaskUmbilicalProtocol.class, TaskUmbilicalProtocol.NAME,
        () -> view.leader().map(LeaderElection.Leader::endpoint).orElse(null), conf);
    long grace = MapredKeys.TASK_KILL_GRACE.millis(conf);
    WorkerLoop loop = new WorkerLoop();
    tasks = new TaskManager(id, endpoint.toString(), dirs, master, timeoutMillis, grace,
        () -> view.leader().map(LeaderElection.Leader::epoch).orElse(-1L), loop);
    JobTokenIssuer tokens = new JobTokenIssuer(Security.credentials(conf), 
        CoreKeys.SECURITY_JOB_TOKEN_LIFETIME.millis(conf),
        System::currentTimeMillis);
    Files.createDirectories(dirs.root());
    dirs.deleteJobsOfEarlierRun();
    ChildIdentities.reclaimLogsOfEarlierRun(dirs.logs());
    List<Path> childReads = new ArrayList<>(JvmChildLauncher.childStartFiles());
    childReads.add(dirs.root());
    ChildPool pool = new ChildPool(conf, dirs, id, endpoint.toString(), Math.max(1, mapSlots + reduceSlots),
        tokens, ChildIdentities.resolve(conf, childReads), loop, tasks::childExited);
    tasks.setPool(pool);
    rpc.export(TaskLaunchProtocol.NAME, new Endpoints.Launch(tasks), TaskLaunchProtocol.class);
    rpc.export(ShuffleProtocol.NAME, new ShuffleServer(dirs, tasks::mapFinished), ShuffleProtocol.class);
    rpc.export(ChildUmbilicalProtocol.NAME,
        new Endpoints.Child(tasks, () -> io.quern.fs.ZkRmiConnector.namenodeEndpoint(zk),
            () -> io.quern.fs.ZkRmiConnector.datanodeEndpointOn(zk, host)),
        ChildUmbilicalProtocol.class);
    masters = view;
    http = new WorkerHttp(io.quern.http.HttpAddress.fromConf(conf, HTTP_ADDRESS_KEY, DEFAULT_HTTP_PORT), tasks,
        () -> new WorkerHttp.Status(id, startMillis, mapSlots, reduceSlots, activeMasterHttp(), tasks.running()),
        mapSlots, reduceSlots).start();
    rpc.metrics().registerWith(http.metrics().registry());
    http.metrics().zooKeeper(zk::isConnected);
    httpAdvertised = io.quern.http.HttpAddress.advertised(http.endpoint(), host).toString();
    String rack = RackResolver.create(conf).rackOf(endpoint.host());
    self = new NodeInfo(id, Role.WORKER, endpoint, rack, attributes());
    zk.addSessionExpiryListener(this::sessionExpired);
    registration = zk.membership().register(self);
    long refresh = CoreKeys.RESOURCES_REFRESH_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::refreshResources, refresh, refresh, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(tasks::checkTimeouts, 1, 1, TimeUnit.SECONDS);
    long retainMs = (long) (WorkerKeys.USERLOG_RETAIN_HOURS.getFloat(conf) * 3_600_000L);
    if (retainMs > 0) {
      UserlogRetention retention = new UserlogRetention(dirs.logs(), retainMs, System::currentTimeMillis,
          tasks::holdsJob);
      long every = Math.max(1_000, Math.min(retainMs / 4, 3_600_000));
      housekeeping.scheduleWithFixedDelay(retention::sweep, every, every, TimeUnit.MILLISECONDS);
    }
    long endedCheck = WorkerKeys.ENDED_JOBS_CHECK_INTERVAL.millis(conf);
    if (endedCheck > 0) {
      // Off the timers thread: the question may wait out the RPC retry window on an unreachable master,
      // which must not hold up task timeouts and token renewals.
      housekeeping.scheduleWithFixedDelay(tasks::cleanUpEndedJobs, endedCheck, endedCheck, TimeUnit.MILLISECONDS);
    }
    long renewEvery = Math.max(100, tokens.lifetimeMs() / 6);
    timers.scheduleWithFixedDelay(tasks::renewTokens, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    loop.post(pool::startSpare);
    LOG.info("worker {} at {} on {}: {} map, {} reduce slots, GPUs [{}]", id, endpoint, rack, mapSlots, reduceSlots,
        String.join(",", gpus));
  }

  public HostPort endpoint() {
    return rpc.endpoint();
  }

  /** Where the status pages are, once started (tests bind port 0). */
  public HostPort httpEndpoint() {
    return http.endpoint();
  }

  /** The status page address the active master published, for a link; null when none leads. */
  private String activeMasterHttp() {
    var leader = masters.leader();
    if (leader.isEmpty()) {
      return null;
    }
    for (NodeInfo n : zk.membership().live(Role.MASTER)) {
      if (n.endpoint().equals(leader.get().endpoint())) {
        return n.attribute(NodeAttributes.HTTP_ADDRESS, null);
      }
    }
    return null;
  }

  private Map<String, String> attributes() {
    Map<String, String> attrs = new TreeMap<>(new ResourceProbe().sample(List.of(dirs.root().toFile())));
    attrs.put(NodeAttributes.MAP_SLOTS, Integer.toString(mapSlots));
    attrs.put(NodeAttributes.REDUCE_SLOTS, Integer.toString(reduceSlots));
    attrs.put(NodeAttributes.HTTP_ADDRESS, httpAdvertised);
    attrs.put(NodeAttributes.GPUS, Integer.toString(gpus.size()));
    attrs.put(NodeAttributes.GPU_IDS, String.join(",", gpus));
    return attrs;
  }

  private void refreshResources() {
    try {
      Registration r = registration;
      if (r != null) {
        r.update(attributes());
      }
    } catch (Exception e) {
      LOG.warn("cannot republish the worker's resources: {}; retrying at the next interval", e.toString());
    }
  }

  private void sessionExpired() {
    LOG.warn("ZooKeeper session expired: the master sees this worker as lost; killing its attempts and "
        + "registering afresh");
    tasks.reset();
    try {
      Registration old = registration;
      registration = null;
      if (old != null) {
        old.close();
      }
      registration = zk.membership().register(self.withAttributes(attributes()));
    } catch (Exception e) {
      LOG.error("cannot register again after session expiry: {}; exiting so that a supervisor restarts the worker",
          e.toString());
      Runtime.getRuntime().halt(3);
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    housekeeping.shutdownNow();
    if (tasks != null) {
      tasks.close();
    }
    if (registration != null) {
      registration.close();
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
  }
}
