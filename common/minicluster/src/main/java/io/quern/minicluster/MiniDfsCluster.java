package io.quern.minicluster;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.datanode.DataNode;
import io.quern.fs.DfsKeys;
import io.quern.fs.DistributedFileSystem;
import io.quern.fs.FileSystem;
import io.quern.namenode.FsNamesystem;
import io.quern.namenode.NameNode;
import io.quern.net.HostPort;
import io.quern.net.TableMapping;
import io.quern.security.TestSecurity;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;

/**
 * An in-JVM DFS for tests: a NameNode and DataNodes on ephemeral ports, DataNode {@code i} (from
 * 1) on 127.0.0.{@code i} unless given other hosts, each daemon's directories under one base
 * directory. On its own it runs a curator-test ZooKeeper and shortens the DFS's failure timers
 * (leases, re-replication, retries) so that failure handling shows in seconds; under a {@link
 * MiniMrCluster} it shares that cluster's ZooKeeper and configuration and keeps the default
 * timers, since its clients are task JVMs on a loaded machine.
 */
public final class MiniDfsCluster implements AutoCloseable {
  private final TestingServer zk; // null on a MapReduce cluster's ZooKeeper, which that cluster closes
  private final Path base;
  private final Configuration conf;
  private final List<String> hosts;
  private volatile NameNode namenode;
  private final List<DataNode> datanodes = new CopyOnWriteArrayList<>();

  public static Builder builder(Path base) {
    return new Builder(base);
  }

  /** What a {@link MiniDfsCluster} runs, and its configuration. */
  public static final class Builder {
    private final Path base;
    private int dataNodes = 1;
    private List<String> racks = List.of();
    private List<String> hosts = List.of();
    private final List<ConfSetup> setups = new ArrayList<>();

    private Builder(Path base) {
      this.base = base;
    }

    /** How many DataNodes start (default 1); 0 starts only the NameNode. */
    public Builder dataNodes(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("a DFS has no fewer than 0 DataNodes: " + count);
      }
      dataNodes = count;
      return this;
    }

    /** The rack of each DataNode's host, in DataNode order (e.g. "/r1", "/r1", "/r2"), through a topology table. */
    public Builder racks(String... racks) {
      this.racks = List.of(racks);
      return this;
    }

    /** The host of each DataNode, in order, instead of 127.0.0.{@code i}; another loopback address plays another host. */
    public Builder dataNodeHosts(String... hosts) {
      this.hosts = List.of(hosts);
      return this;
    }

    /** Sets {@code key} before any daemon starts (after the cluster's own settings, so it overrides them). */
    public Builder set(String key, String value) {
      setups.add(c -> c.set(key, value));
      return this;
    }

    /** Adjusts the configuration before any daemon starts, after the cluster's own settings and earlier {@link #set}s. */
    public Builder configure(ConfSetup setup) {
      setups.add(setup);
      return this;
    }

    /** Starts the DFS on a ZooKeeper of its own. */
    public MiniDfsCluster start() throws Exception {
      TestingServer zk = new TestingServer(true);
      try {
        Configuration conf = new Configuration();
        conf.set(CoreKeys.ZOOKEEPER_QUORUM.name(), zk.getConnectString());
        conf.set(CoreKeys.CLUSTER_ID.name(), "it-" + UUID.randomUUID().toString().substring(0, 8));
        conf.set(CoreKeys.TMP_DIR.name(), base.toString());
        TestSecurity.secure(conf);
        prepare(conf);
        shortenFailureTimers(conf);
        for (ConfSetup s : setups) {
          s.apply(conf);
        }
        return new MiniDfsCluster(zk, this, conf);
      } catch (Exception | AssertionError e) {
        zk.close();
        throw e;
      }
    }

    /** Points {@code conf} (a MapReduce cluster's, its ZooKeeper and secret set) at this DFS, before anything starts. */
    void prepare(Configuration conf) throws IOException {
      if (!hosts.isEmpty() && hosts.size() != dataNodes) {
        throw new IllegalArgumentException(hosts.size() + " DataNode hosts for " + dataNodes + " DataNodes");
      }
      if (!racks.isEmpty() && racks.size() != dataNodes) {
        throw new IllegalArgumentException(racks.size() + " racks for " + dataNodes + " DataNodes");
      }
      Files.createDirectories(base);
      conf.set(CoreKeys.FS_DEFAULT_NAME.name(), "qfs:///");
      conf.set(DfsKeys.NAMENODE_NAME_DIR.name(), base.resolve("name").toString());
      conf.setInt(DfsKeys.NAMENODE_PORT.name(), 0);
      conf.setInt(DfsKeys.DATANODE_PORT.name(), 0);
      conf.set(NameNode.HTTP_ADDRESS_KEY, "127.0.0.1:0");
      conf.set(DataNode.HTTP_ADDRESS_KEY, "127.0.0.1:0");
      conf.set(DfsKeys.BLOCK_SIZE.name(), "1m");
      if (dataNodes > 0 && dataNodes < 3) {
        conf.setInt(DfsKeys.REPLICATION.name(), dataNodes);
      }
      if (!racks.isEmpty()) {
        StringBuilder table = new StringBuilder();
        for (int i = 1; i <= dataNodes; i++) {
          table.append(host(hosts, i)).append(' ').append(racks.get(i - 1)).append('\n');
        }
        Path file = base.resolve("topology.table");
        Files.writeString(file, table);
        conf.set(TableMapping.TABLE_KEY, file.toString());
      }
    }

    /** Starts the DFS on {@code conf}, which {@link #prepare} readied. */
    MiniDfsCluster startOn(Configuration conf) throws Exception {
      return new MiniDfsCluster(null, this, conf);
    }

    private static void shortenFailureTimers(Configuration conf) {
      conf.set(DfsKeys.CLIENT_TRANSFER_CHUNK_SIZE.name(), "256k");
      conf.set(DfsKeys.NAMENODE_REPLICATION_INTERVAL.name(), "200ms");
      conf.set(DfsKeys.NAMENODE_REPLICATION_PENDING_TIMEOUT.name(), "5s");
      conf.set(DfsKeys.NAMENODE_LEASE_TIMEOUT.name(), "2s");
      conf.set(DfsKeys.CLIENT_LEASE_RENEW_INTERVAL.name(), "300ms");
      conf.set(DfsKeys.DATANODE_REPORT_RETRY_INTERVAL.name(), "200ms");
      conf.set(CoreKeys.RESOURCES_REFRESH_INTERVAL.name(), "500ms");
      conf.set(CoreKeys.RPC_RETRY_WINDOW.name(), "10s");
      conf.set(DfsKeys.CLIENT_DATANODE_RETRY_WINDOW.name(), "500ms");
    }
  }

  private MiniDfsCluster(TestingServer zk, Builder b, Configuration conf) throws Exception {
    this.zk = zk;
    this.base = b.base;
    this.conf = conf;
    this.hosts = b.hosts;
    try {
      startNameNode();
      for (int i = 1; i <= b.dataNodes; i++) {
        startDataNode(i);
      }
      awaitDataNodes(b.dataNodes);
    } catch (Exception | AssertionError e) {
      closeAfter(e);
      throw e;
    }
  }

  private void closeAfter(Throwable failure) {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static String host(List<String> hosts, int i) {
    return i <= hosts.size() ? hosts.get(i - 1) : "127.0.0." + i;
  }

  /** A copy of the configuration the daemons started with: a client's, or the base of a daemon's own. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  public NameNode namenode() {
    return namenode;
  }

  /** The NameNode's namesystem, to look a file's blocks up or act as an administrator. */
  public FsNamesystem namesystem() {
    return namenode.namesystem();
  }

  /** Where the NameNode serves its status pages. */
  public HostPort namenodeHttp() {
    return namenode.httpEndpoint();
  }

  /** The DataNodes running, in start order. */
  public List<DataNode> datanodes() {
    return List.copyOf(datanodes);
  }

  /** Starts a NameNode on the cluster's name directory (after {@link #stopNameNode}, or to replace it: see {@link #restartNameNode}). */
  public void startNameNode() throws Exception {
    NameNode nn = new NameNode(new Configuration(conf));
    nn.start();
    namenode = nn;
  }

  public void stopNameNode() {
    namenode.close();
    namenode = null;
  }

  public void restartNameNode() throws Exception {
    stopNameNode();
    startNameNode();
  }

  /** Starts DataNode {@code i} on its host with the cluster's configuration; does not wait for it to register. */
  public DataNode startDataNode(int i) throws Exception {
    return startDataNode(i, new Configuration(conf));
  }

  /**
   * Starts DataNode {@code i} (from 1) on its host (127.0.0.{@code i} unless given) with {@code
   * dnConf}, a copy of {@link #conf()} the caller changed, and its own data directories.
   */
  public DataNode startDataNode(int i, Configuration dnConf) throws Exception {
    String host = host(hosts, i);
    dnConf.set(CoreKeys.DAEMON_HOST.name(), host);
    dnConf.set(DataNode.HTTP_ADDRESS_KEY, host + ":0");
    dnConf.set(DfsKeys.DATANODE_DATA_DIR.name(), base.resolve("data-" + i + "a") + "," + base.resolve("data-" + i + "b"));
    DataNode dn = new DataNode(dnConf);
    try {
      dn.start();
    } catch (Exception e) {
      dn.close();
      throw e;
    }
    datanodes.add(dn);
    return dn;
  }

  /** Stops {@code dn}, which this cluster started, as a crash would: its replicas stay on disk. */
  public void stopDataNode(DataNode dn) {
    datanodes.remove(dn);
    dn.close();
  }

  /** Waits until the NameNode counts {@code count} DataNodes. */
  public void awaitDataNodes(int count) {
    Wait.until(count + " DataNodes registered", Duration.ofSeconds(15),
        () -> namenode.namesystem().datanodes().datanodeReport().size() == count);
  }

  /** A new client of this DFS, closed by the caller. */
  public DistributedFileSystem newFileSystem() throws IOException {
    return (DistributedFileSystem) FileSystem.newInstance(URI.create("qfs:///"), conf);
  }

  @Override
  public void close() throws IOException {
    for (DataNode dn : datanodes) {
      dn.close();
    }
    datanodes.clear();
    if (namenode != null) {
      namenode.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
