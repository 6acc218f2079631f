package io.quern.minicluster;

import io.quern.conf.Configuration;
import io.quern.master.MasterDaemon;
import io.quern.security.TestSecurity;
import io.quern.testutil.Wait;
import io.quern.worker.WorkerDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;

/**
 * An in-JVM MapReduce cluster for tests: a ZooKeeper test server, one master and N workers
 * on ephemeral ports, with the local file system as the job file system. Task child JVMs
 * are real processes.
 */
public final class MiniMrCluster implements AutoCloseable {
  // Null when the test brings its own ZooKeeper (an ensemble) and closes it itself.
  private final TestingServer zk;
  private final Configuration conf;
  private final List<MasterDaemon> masters = new ArrayList<>();
  private final List<WorkerDaemon> workers = new ArrayList<>();

  public MiniMrCluster(Path dir, int workerCount, int mapSlots, int reduceSlots) throws Exception {
    this(dir, 1, workerCount, mapSlots, reduceSlots);
  }

  public MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots) throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, new TestingServer(true));
  }

  /** On a ZooKeeper the caller runs and closes, e.g. a 3-server ensemble. */
  public MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, String zkQuorum)
      throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, null, zkQuorum, NO_SETUP, SAME_WORKERS);
  }

  private MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, TestingServer zk)
      throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, zk, zk.getConnectString(), NO_SETUP, SAME_WORKERS);
  }

  /** Adjusts the cluster's configuration, and may start what its daemons need (a {@link MiniDfs}), before they start. */
  @FunctionalInterface
  public interface Setup {
    void apply(Configuration conf) throws Exception;
  }

  private static final Setup NO_SETUP = conf -> { };

  /** Adjusts one worker's own configuration (a copy of the cluster's) before it starts: worker {@code index}. */
  @FunctionalInterface
  public interface WorkerSetup {
    void apply(int index, Configuration conf) throws Exception;
  }

  private static final WorkerSetup SAME_WORKERS = (i, conf) -> { };

  /** One master and {@code workerCount} workers, after {@code setup}; each worker also after {@code perWorker}. */
  public MiniMrCluster(Path dir, int workerCount, int mapSlots, int reduceSlots, Setup setup, WorkerSetup perWorker)
      throws Exception {
    this(dir, 1, workerCount, mapSlots, reduceSlots, new TestingServer(true), setup, perWorker);
  }

  /** One master and {@code workerCount} workers, after {@code setup}. */
  public MiniMrCluster(Path dir, int workerCount, int mapSlots, int reduceSlots, Setup setup) throws Exception {
    this(dir, 1, workerCount, mapSlots, reduceSlots, new TestingServer(true), setup);
  }

  /** {@code masterCount} masters and {@code workerCount} workers, after {@code setup}. */
  public MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, Setup setup)
      throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, new TestingServer(true), setup);
  }

  /** One master and {@code workerCount} workers whose configuration also has {@code settings}. */
  public MiniMrCluster(Path dir, int workerCount, int mapSlots, int reduceSlots, java.util.Map<String, String> settings)
      throws Exception {
    this(dir, 1, workerCount, mapSlots, reduceSlots, new TestingServer(true), conf -> settings.forEach(conf::set));
  }

  private MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, TestingServer zk,
      Setup setup) throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, zk, zk.getConnectString(), setup, SAME_WORKERS);
  }

  private MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, TestingServer zk,
      Setup setup, WorkerSetup perWorker) throws Exception {
    this(dir, masterCount, workerCount, mapSlots, reduceSlots, zk, zk.getConnectString(), setup, perWorker);
  }

  private MiniMrCluster(Path dir, int masterCount, int workerCount, int mapSlots, int reduceSlots, TestingServer zk,
      String zkQuorum, Setup setup, WorkerSetup perWorker) throws Exception {
    this.zk = zk;
    conf = new Configuration();
    conf.set("quern.zookeeper.quorum", zkQuorum);
    conf.set("quern.cluster.id", "mini" + System.nanoTime());
    conf.set("quern.zookeeper.session.timeout", "4s");
    conf.set("quern.daemon.host", "127.0.0.1");
    conf.set("quern.tmp.dir", dir.toString());
    TestSecurity.secure(conf);
    conf.set("quern.log.dir", dir.resolve("logs").toString());
    conf.setInt("mapred.master.port", 0);
    conf.setInt("mapred.worker.port", 0);
    conf.set("mapred.job.tracker.http.address", "127.0.0.1:0");
    conf.set("mapred.task.tracker.http.address", "127.0.0.1:0");
    conf.set("mapred.job.history.dir", dir.resolve("history").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
    conf.set("mapreduce.framework.name", "cluster");
    // No DFS here: job files, staging and output live on the local disk.
    conf.set("fs.defaultFS", "file:///");
    conf.setInt("mapred.tasktracker.map.tasks.maximum", mapSlots);
    conf.setInt("mapred.tasktracker.reduce.tasks.maximum", reduceSlots);
    conf.set("mapred.locality.wait.node", "0ms");
    conf.set("mapred.locality.wait.rack", "0ms");
    conf.set("mapred.master.tick.interval", "100ms");
    conf.set("mapred.child.java.opts", "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    setup.apply(conf);
    for (int i = 0; i < masterCount; i++) {
      MasterDaemon m = new MasterDaemon(conf);
      m.start();
      masters.add(m);
    }
    for (int i = 0; i < workerCount; i++) {
      Configuration workerConf = new Configuration(conf);
      perWorker.apply(i, workerConf);
      WorkerDaemon w = new WorkerDaemon(workerConf);
      w.start();
      workers.add(w);
    }
    Wait.until("a master to lead", Duration.ofMillis(20_000), () -> masters.stream().anyMatch(MasterDaemon::isLeader));
  }

  /** A copy of the cluster's configuration, for jobs. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  /** Stops the leading master; another one takes over. */
  public void stopLeader() {
    MasterDaemon leader = masters.stream().filter(MasterDaemon::isLeader).findFirst()
        .orElseThrow(() -> new AssertionError("no master leads"));
    leader.close();
    masters.remove(leader);
  }

  /** Where the leading master serves. */
  public io.quern.net.HostPort leaderEndpoint() {
    return masters.stream().filter(MasterDaemon::isLeader).findFirst()
        .orElseThrow(() -> new AssertionError("no master leads")).endpoint();
  }

  /** The master that leads now, if any. */
  public MasterDaemon leader() {
    return masters.stream().filter(MasterDaemon::isLeader).findFirst().orElse(null);
  }

  public List<MasterDaemon> masters() {
    return List.copyOf(masters);
  }

  public WorkerDaemon worker(int i) {
    return workers.get(i);
  }


  @Override
  public void close() throws Exception {
    for (WorkerDaemon w : workers) {
      w.close();
    }
    for (MasterDaemon m : masters) {
      m.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
