package io.quern.minicluster;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.mapreduce.MapredKeys;
import io.quern.master.MasterDaemon;
import io.quern.master.SchedulerSettings;
import io.quern.net.HostPort;
import io.quern.security.TestSecurity;
import io.quern.testutil.Wait;
import io.quern.worker.WorkerDaemon;
import io.quern.worker.WorkerKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;

/**
 * An in-JVM MapReduce cluster for tests: masters and workers on ephemeral ports on 127.0.0.1, on
 * a curator-test ZooKeeper of its own (or on one the test runs), with the local file system as
 * the job file system, or a {@link MiniDfsCluster} of its own ({@link Builder#onDfs}), as on a
 * real cluster. Task child JVMs are real processes. Made by {@link #builder}:
 *
 * <pre>{@code
 * try (MiniMrCluster c = MiniMrCluster.builder(dir).workers(2).slots(2, 1).onDfs().start()) {
 *   c.write("in/a", "x y\n");
 *   Job job = Job.getInstance(c.conf(), "wc");
 *   ...
 * }
 * }</pre>
 */
public final class MiniMrCluster implements AutoCloseable {
  private final TestingServer zk; // null when the test brings its own ZooKeeper (an ensemble) and closes it
  private final Configuration conf;
  private final List<MasterDaemon> masters = new CopyOnWriteArrayList<>();
  private final List<WorkerDaemon> workers = new CopyOnWriteArrayList<>();
  private MiniDfsCluster dfs;
  private FileSystem fs;

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** What a {@link MiniMrCluster} runs, and its configuration. */
  public static final class Builder {
    private final Path dir;
    private int masters = 1;
    private int workers = 1;
    private int mapSlots = 2;
    private int reduceSlots = 1;
    private String zkQuorum;
    private MiniDfsCluster.Builder dfs;
    private final List<ConfSetup> setups = new ArrayList<>();
    private WorkerSetup perWorker = (i, c) -> { };

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** How many masters stand for election (default 1). */
    public Builder masters(int count) {
      masters = count;
      return this;
    }

    /** How many workers start (default 1; 0 for a cluster whose workers a test runs itself). */
    public Builder workers(int count) {
      workers = count;
      return this;
    }

    /** Map and reduce slots of each worker (default 2 and 1). */
    public Builder slots(int map, int reduce) {
      mapSlots = map;
      reduceSlots = reduce;
      return this;
    }

    /** Runs on a ZooKeeper the test started and closes (e.g. a 3-server ensemble), not on one of its own. */
    public Builder zooKeeper(String quorum) {
      zkQuorum = quorum;
      return this;
    }

    /**
     * Makes a {@link MiniDfsCluster} of one DataNode (unless {@link #dataNodes} says more) the job
     * file system: staging, job files, input and output live in the DFS, under {@code dir/dfs}.
     */
    public Builder onDfs() {
      if (dfs == null) {
        dfs = MiniDfsCluster.builder(dir.resolve("dfs"));
      }
      return this;
    }

    /** Runs on a DFS ({@link #onDfs}) of {@code count} DataNodes. */
    public Builder dataNodes(int count) {
      onDfs().dfs.dataNodes(count);
      return this;
    }

    /** Runs on a DFS whose DataNodes stand on these racks, one per DataNode (see {@link MiniDfsCluster.Builder#racks}). */
    public Builder racks(String... racks) {
      onDfs().dfs.racks(racks);
      return this;
    }

    /** Runs on a DFS whose DataNodes are on these hosts, one per DataNode; the workers stay on 127.0.0.1. */
    public Builder dataNodeHosts(String... hosts) {
      onDfs().dfs.dataNodeHosts(hosts);
      return this;
    }

    /** Sets {@code key} before any daemon starts, over the cluster's own settings. */
    public Builder set(String key, String value) {
      setups.add(c -> c.set(key, value));
      return this;
    }

    /** Adjusts the configuration before any daemon starts, after the cluster's own settings and earlier {@link #set}s. */
    public Builder configure(ConfSetup setup) {
      setups.add(setup);
      return this;
    }

    /** Adjusts each worker's own configuration, a copy of the cluster's, before it starts. */
    public Builder workerConf(WorkerSetup setup) {
      perWorker = setup;
      return this;
    }

    public MiniMrCluster start() throws Exception {
      return new MiniMrCluster(this);
    }
  }

  private MiniMrCluster(Builder b) throws Exception {
    zk = b.zkQuorum == null ? new TestingServer(true) : null;
    try {
      conf = baseConf(b.dir, zk == null ? b.zkQuorum : zk.getConnectString(), b.mapSlots, b.reduceSlots);
      if (b.dfs != null) {
        b.dfs.prepare(conf);
      }
      for (ConfSetup s : b.setups) {
        s.apply(conf);
      }
      if (b.dfs != null) {
        dfs = b.dfs.startOn(conf);
      }
      for (int i = 0; i < b.masters; i++) {
        MasterDaemon m = new MasterDaemon(conf);
        masters.add(m);
        m.start();
      }
      for (int i = 0; i < b.workers; i++) {
        Configuration workerConf = new Configuration(conf);
        b.perWorker.apply(i, workerConf);
        WorkerDaemon w = new WorkerDaemon(workerConf);
        workers.add(w);
        w.start();
      }
      Wait.until("a master to lead", Duration.ofSeconds(20), () -> masters.stream().anyMatch(MasterDaemon::isLeader));
      fs = FileSystem.newInstance(FileSystem.getDefaultUri(conf), conf());
    } catch (Exception | AssertionError e) {
      try {
        close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static Configuration baseConf(Path dir, String zkQuorum, int mapSlots, int reduceSlots) {
    Configuration conf = new Configuration();
    conf.set(CoreKeys.ZOOKEEPER_QUORUM.name(), zkQuorum);
    conf.set(CoreKeys.CLUSTER_ID.name(), "mini" + System.nanoTime());
    conf.set(CoreKeys.ZOOKEEPER_SESSION_TIMEOUT.name(), "4s");
    conf.set(CoreKeys.DAEMON_HOST.name(), "127.0.0.1");
    conf.set(CoreKeys.TMP_DIR.name(), dir.toString());
    TestSecurity.secure(conf);
    conf.set(CoreKeys.LOG_DIR.name(), dir.resolve("logs").toString());
    conf.setInt(MasterDaemon.PORT_KEY, 0);
    conf.setInt(WorkerKeys.PORT.name(), 0);
    conf.set(MasterDaemon.HTTP_ADDRESS_KEY, "127.0.0.1:0");
    conf.set(WorkerDaemon.HTTP_ADDRESS_KEY, "127.0.0.1:0");
    conf.set(MapredKeys.JOB_HISTORY_DIR.name(), dir.resolve("history").toString());
    conf.set(MapredKeys.STAGING_DIR.name(), dir.resolve("staging").toString());
    conf.set(MapredKeys.FRAMEWORK_NAME.name(), "cluster");
    // Without a DFS (onDfs), job files, staging and output live on the local disk.
    conf.set(CoreKeys.FS_DEFAULT_NAME.name(), "file:///");
    conf.setInt(WorkerKeys.MAP_SLOTS.name(), mapSlots);
    conf.setInt(WorkerKeys.REDUCE_SLOTS.name(), reduceSlots);
    conf.set(SchedulerSettings.NODE_WAIT, "0ms");
    conf.set(SchedulerSettings.RACK_WAIT, "0ms");
    conf.set(MasterDaemon.TICK_KEY, "100ms");
    conf.set(WorkerKeys.CHILD_JAVA_OPTS.name(), "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return conf;
  }

  /** A copy of the cluster's configuration, for jobs and clients. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  /** The cluster's DFS; fails when it runs on the local file system (see {@link Builder#onDfs}). */
  public MiniDfsCluster dfs() {
    if (dfs == null) {
      throw new IllegalStateException("this cluster runs on the local file system: build it onDfs()");
    }
    return dfs;
  }

  /** A client of the job file system (the DFS, or the local one), which the cluster closes. */
  public FileSystem fileSystem() {
    return fs;
  }

  /** Writes {@code text} to {@code path} in the job file system. */
  public void write(String path, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(new io.quern.fs.Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The lines of every part file under {@code dir} in the job file system, in part order. */
  public List<String> output(String dir) throws IOException {
    List<FileStatus> parts = new ArrayList<>(Arrays.asList(fs.listStatus(new io.quern.fs.Path(dir))));
    parts.removeIf(s -> !s.getPath().getName().startsWith("part-"));
    parts.sort(Comparator.comparing(s -> s.getPath().getName()));
    List<String> lines = new ArrayList<>();
    for (FileStatus s : parts) {
      try (InputStream in = fs.open(s.getPath())) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
          lines.addAll(List.of(text.split("\n")));
        }
      }
    }
    return lines;
  }

  /** Stops the leading master; another one takes over. */
  public void stopLeader() {
    MasterDaemon leader = leaderOrFail();
    leader.close();
    masters.remove(leader);
  }

  /** Where the leading master serves. */
  public HostPort leaderEndpoint() {
    return leaderOrFail().endpoint();
  }

  /** The master that leads now, or null. */
  public MasterDaemon leader() {
    return masters.stream().filter(MasterDaemon::isLeader).findFirst().orElse(null);
  }

  private MasterDaemon leaderOrFail() {
    MasterDaemon leader = leader();
    if (leader == null) {
      throw new AssertionError("no master leads");
    }
    return leader;
  }

  public List<MasterDaemon> masters() {
    return List.copyOf(masters);
  }

  public WorkerDaemon worker(int i) {
    return workers.get(i);
  }

  /** Closes the client, the workers, the masters, the DFS and the ZooKeeper, in that order. */
  @Override
  public void close() throws Exception {
    if (fs != null) {
      fs.close();
    }
    if (dfs != null) {
      // A cached client of this DFS would outlive it in the JVM's other tests.
      FileSystem.closeAll();
    }
    for (WorkerDaemon w : workers) {
      w.close();
    }
    for (MasterDaemon m : masters) {
      m.close();
    }
    if (dfs != null) {
      dfs.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
