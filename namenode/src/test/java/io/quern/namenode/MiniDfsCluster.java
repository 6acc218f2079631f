package io.quern.namenode;

import io.quern.conf.Configuration;
import io.quern.datanode.DataNode;
import io.quern.fs.DistributedFileSystem;
import io.quern.fs.FileSystem;
import io.quern.security.TestSecurity;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.curator.test.TestingServer;

/**
 * An in-JVM DFS: a ZooKeeper test server, a NameNode and DataNodes on 127.0.0.x with ephemeral
 * ports and their own temp dirs. Timers are shortened so that failure handling shows in seconds.
 */
final class MiniDfsCluster implements AutoCloseable {
  final TestingServer zk;
  final Path base;
  final Configuration conf;
  NameNode namenode;
  final List<DataNode> datanodes = new ArrayList<>();

  MiniDfsCluster(Path base, int datanodeCount) throws Exception {
    this(base, datanodeCount, c -> { });
  }

  /** {@code customize} adjusts the configuration before any daemon starts. */
  MiniDfsCluster(Path base, int datanodeCount, java.util.function.Consumer<Configuration> customize)
      throws Exception {
    this.base = base;
    this.zk = new TestingServer(true);
    conf = new Configuration();
    conf.set("quern.zookeeper.quorum", zk.getConnectString());
    conf.set("quern.cluster.id", "it-" + UUID.randomUUID().toString().substring(0, 8));
    conf.set("quern.tmp.dir", base.toString());
    TestSecurity.secure(conf);
    conf.set("dfs.namenode.name.dir", base.resolve("name").toString());
    conf.set("dfs.namenode.port", "0");
    conf.set("dfs.datanode.port", "0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.block.size", "1m");
    conf.set("dfs.client.transfer.chunk.size", "256k");
    conf.set("dfs.namenode.replication.interval", "200ms");
    conf.set("dfs.namenode.replication.pending.timeout", "5s");
    conf.set("dfs.namenode.lease.timeout", "2s");
    conf.set("dfs.client.lease.renew.interval", "300ms");
    conf.set("dfs.datanode.report.retry.interval", "200ms");
    conf.set("quern.resources.refresh.interval", "500ms");
    conf.set("quern.rpc.retry.window", "10s");
    conf.set("dfs.client.datanode.retry.window", "500ms");
    customize.accept(conf);
    startNameNode();
    for (int i = 1; i <= datanodeCount; i++) {
      startDataNode(i, new Configuration(conf));
    }
    Wait.until("all DataNodes registered", Duration.ofMillis(15_000), () -> namenode.namesystem().datanodes().datanodeReport().size() == datanodeCount);
  }

  void startNameNode() throws Exception {
    namenode = new NameNode(new Configuration(conf));
    namenode.start();
  }

  void restartNameNode() throws Exception {
    namenode.close();
    startNameNode();
  }

  /** Starts DataNode {@code i} on 127.0.0.i with its own data dir. */
  DataNode startDataNode(int i, Configuration dnConf) throws Exception {
    dnConf.set("quern.daemon.host", "127.0.0." + i);
    dnConf.set("dfs.datanode.data.dir", base.resolve("data-" + i + "a") + "," + base.resolve("data-" + i + "b"));
    DataNode dn = new DataNode(dnConf);
    dn.start();
    datanodes.add(dn);
    return dn;
  }

  DistributedFileSystem newFileSystem() throws IOException {
    return (DistributedFileSystem) FileSystem.newInstance(URI.create("qfs:///"), conf);
  }

  @Override
  public void close() throws IOException {
    for (DataNode dn : datanodes) {
      dn.close();
    }
    if (namenode != null) {
      namenode.close();
    }
    zk.close();
  }
}
