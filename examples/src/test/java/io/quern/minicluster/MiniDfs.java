package io.quern.minicluster;

import io.quern.conf.Configuration;
import io.quern.datanode.DataNode;
import io.quern.namenode.NameNode;
import java.nio.file.Path;

/**
 * An in-JVM DFS of a NameNode and one DataNode, on the ZooKeeper and secret of a mini cluster's
 * configuration: started from {@link MiniMrCluster}'s setup, it makes the DFS the cluster's job
 * file system, as on a real cluster, where the local one serves the other tests.
 */
public final class MiniDfs implements AutoCloseable {
  private final NameNode namenode;
  private final DataNode datanode;

  private MiniDfs(NameNode namenode, DataNode datanode) {
    this.namenode = namenode;
    this.datanode = datanode;
  }

  /** Starts a DFS under {@code dir} and points {@code conf} (a cluster's, before its daemons start) at it. */
  public static MiniDfs start(Configuration conf, Path dir) throws Exception {
    return start(conf, dir, null);
  }

  /**
   * As {@link #start(Configuration, Path)}, with the DataNode on {@code datanodeHost} (another
   * loopback address plays another host) when not null; the NameNode stays on the cluster's host.
   */
  public static MiniDfs start(Configuration conf, Path dir, String datanodeHost) throws Exception {
    conf.set("fs.defaultFS", "qfs:///");
    conf.set("dfs.namenode.name.dir", dir.resolve("name").toString());
    conf.set("dfs.datanode.data.dir", dir.resolve("data").toString());
    conf.set("dfs.namenode.port", "0");
    conf.set("dfs.datanode.port", "0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.replication", "1");
    conf.set("dfs.block.size", "1m");
    NameNode nn = new NameNode(new Configuration(conf));
    nn.start();
    Configuration dnConf = new Configuration(conf);
    if (datanodeHost != null) {
      dnConf.set("quern.daemon.host", datanodeHost);
      dnConf.set("dfs.datanode.http.address", datanodeHost + ":0");
    }
    DataNode dn = new DataNode(dnConf);
    try {
      dn.start();
      io.quern.testutil.Wait.until("the DataNode to register", java.time.Duration.ofSeconds(15),
          () -> nn.namesystem().datanodes().datanodeReport().size() == 1);
    } catch (Exception | AssertionError e) {
      dn.close();
      nn.close();
      throw e;
    }
    return new MiniDfs(nn, dn);
  }

  /** The NameNode's namesystem, to look a file's blocks up. */
  public io.quern.namenode.FsNamesystem namesystem() {
    return namenode.namesystem();
  }

  /** Where the NameNode serves its status pages. */
  public io.quern.net.HostPort namenodeHttp() {
    return namenode.httpEndpoint();
  }

  @Override
  public void close() {
    datanode.close();
    namenode.close();
  }
}
