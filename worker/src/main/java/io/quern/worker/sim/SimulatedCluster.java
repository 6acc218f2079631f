package io.quern.worker.sim;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeAttributes;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.daemon.ResourceProbe;
import io.quern.net.HostPort;
import io.quern.net.RackResolver;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import io.quern.protocol.mapred.TaskUmbilicalProtocol;
import io.quern.rpc.ResilientProxy;
import io.quern.rpc.RpcServer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * N simulated workers in one process, against a real master: each is registered in ZooKeeper
 * under Role.WORKER with the attributes a real worker publishes (its slots and this machine's
 * resources, republished every {@code quern.resources.refresh.interval}), and serves {@link
 * TaskLaunchProtocol} from its own {@link RpcServer} (its own registry and port, as the master
 * finds a worker by endpoint and a fixed name). Their attempts run no child JVM: see {@link
 * SimulatedAttempts}.
 *
 * <p>What is shared to bound threads, unlike real workers: one ZooKeeper session per {@code
 * workersPerSession} workers (an expiry loses all of them at once), one umbilical proxy to the
 * active master, one timer thread and {@code callThreads} threads for the calls to the master
 * (so at most that many umbilical connections from this process at once). Each worker still
 * costs its RMI accept thread and one connection thread per master that talks to it.
 */
public final class SimulatedCluster implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(SimulatedCluster.class);

  /** How many workers, with how many slots each, and how the process shares its resources among them. */
  public record Options(int workers, int mapSlots, int reduceSlots, int workersPerSession, int callThreads,
      String host, String idPrefix) {
    public Options {
      if (workers < 1 || mapSlots < 0 || reduceSlots < 0 || workersPerSession < 1 || callThreads < 1) {
        throw new IllegalArgumentException("simulated workers need a positive count, slots >= 0, and positive"
            + " workers per session and call threads");
      }
    }

    public static Options of(int workers, int mapSlots, int reduceSlots) {
      return new Options(workers, mapSlots, reduceSlots, 50, 32, "127.0.0.1", "sim");
    }
  }

  private final Configuration conf;
  private final Options options;
  private final List<ZkCluster> sessions = new ArrayList<>();
  private final List<RpcServer> servers = new ArrayList<>();
  private final List<Registration> registrations = new ArrayList<>();
  private final List<SimulatedWorker> workers = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-timer");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService calls;
  private final SimulatedAttempts attempts;
  private final LeaderElection.View masters;

  /**
   * Starts the workers: their RPC servers, then their registrations.
   *
   * @param taskMillis how long each map and reduce takes
   */
  public SimulatedCluster(Configuration conf, Options options, long taskMillis, SchedulingStats observer)
      throws Exception {
    this.conf = conf;
    this.options = options;
    this.calls = Executors.newFixedThreadPool(options.callThreads(), r -> {
      Thread t = new Thread(r, "sim-calls");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < (options.workers() + options.workersPerSession() - 1) / options.workersPerSession(); i++) {
        sessions.add(ZkCluster.connect(conf));
      }
      masters = sessions.get(0).leaderView();
      TaskUmbilicalProtocol master = ResilientProxy.create(TaskUmbilicalProtocol.class, TaskUmbilicalProtocol.NAME,
          () -> masters.leader().map(LeaderElection.Leader::endpoint).orElse(null), conf);
      attempts = new SimulatedAttempts(master, timer, calls, observer, taskMillis);
      startWorkers(observer);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startWorkers(SchedulingStats observer) throws Exception {
    Map<String, String> resources = new java.util.concurrent.ConcurrentHashMap<>(new ResourceProbe().sample(List.of(new File(
        CoreKeys.TMP_DIR.get(conf)))));
    String rack = RackResolver.create(conf).rackOf(options.host());
    for (int i = 0; i < options.workers(); i++) {
      RpcServer rpc = new RpcServer(conf, options.host(), 0).start();
      servers.add(rpc);
      HostPort endpoint = rpc.endpoint();
      String id = options.idPrefix() + "-" + endpoint.host() + "-" + endpoint.port();
      SimulatedWorker w = new SimulatedWorker(id, endpoint.toString(), attempts, observer,
          () -> masters.leader().map(LeaderElection.Leader::epoch).orElse(-1L));
      rpc.export(TaskLaunchProtocol.NAME, w, TaskLaunchProtocol.class);
      workers.add(w);
    }
    for (int i = 0; i < workers.size(); i++) {
      SimulatedWorker w = workers.get(i);
      ZkCluster zk = sessions.get(i / options.workersPerSession());
      registrations.add(zk.membership().register(new NodeInfo(w.id, Role.WORKER, HostPort.parse(w.endpoint), rack,
          attributes(resources))));
    }
    // As real workers, each republishes its resources every interval; spread over the interval,
    // since real workers started at different times do not publish together.
    long refresh = CoreKeys.RESOURCES_REFRESH_INTERVAL.get(conf, TimeUnit.MILLISECONDS);
    ResourceProbe probe = new ResourceProbe();
    timer.scheduleWithFixedDelay(() -> resources.putAll(probe.sample(List.of(new File(
        CoreKeys.TMP_DIR.get(conf))))), refresh, refresh, TimeUnit.MILLISECONDS);
    for (int i = 0; i < registrations.size(); i++) {
      Registration reg = registrations.get(i);
      timer.scheduleWithFixedDelay(() -> calls.execute(() -> {
        try {
          reg.update(attributes(resources));
        } catch (Exception e) {
          LOG.debug("cannot republish {}: {}", reg.node().id(), e.toString());
        }
      }), refresh + refresh * i / registrations.size(), refresh, TimeUnit.MILLISECONDS);
    }
    LOG.info("{} simulated workers registered with {} map and {} reduce slots each, on {} ZooKeeper sessions",
        workers.size(), options.mapSlots(), options.reduceSlots(), sessions.size());
  }

  private Map<String, String> attributes(Map<String, String> resources) {
    Map<String, String> attrs = new TreeMap<>(resources);
    attrs.put(NodeAttributes.MAP_SLOTS, Integer.toString(options.mapSlots()));
    attrs.put(NodeAttributes.REDUCE_SLOTS, Integer.toString(options.reduceSlots()));
    return attrs;
  }

  /** How long the maps and reduces launched from now on take. */
  public void setTaskMillis(long millis) {
    attempts.setTaskMillis(millis);
  }

  public int size() {
    return workers.size();
  }

  /** The active master as published, for the measurements. */
  public LeaderElection.View masters() {
    return masters;
  }

  /**
   * Bytes of znode data in the children of {@code path} (ZooKeeper's own count, from each
   * child's stat), and how many children: what the master keeps there, for the measurements.
   */
  public long[] childDataBytes(String path) throws Exception {
    org.apache.curator.framework.CuratorFramework zk = sessions.get(0).curator();
    long bytes = 0;
    long children = 0;
    for (String child : zk.getChildren().forPath(path)) {
      org.apache.zookeeper.data.Stat stat = zk.checkExists().forPath(path + "/" + child);
      if (stat != null) {
        bytes += stat.getDataLength();
        children++;
      }
    }
    return new long[] {bytes, children};
  }

  /** Attempts running now on all workers. */
  public int running() {
    int n = 0;
    for (SimulatedWorker w : workers) {
      n += w.running.size();
    }
    return n;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    calls.shutdownNow();
    for (SimulatedWorker w : workers) {
      w.running.values().forEach(SimulatedAttempts.Running::cancel);
    }
    registrations.forEach(Registration::close);
    servers.forEach(RpcServer::close);
    sessions.forEach(ZkCluster::close);
  }
}
