package io.quern.mapreduce;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.mapreduce.spi.JobRunners;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What jobs run on, as {@code mapreduce.framework.name} says: the cluster (its active master,
 * found in ZooKeeper) or this JVM for the local runner.
 */
public class Cluster implements Closeable {
  private final Configuration conf;

  public Cluster(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Hadoop's form naming the job tracker's address. The address is not used: a Quern client
   * finds the active master in ZooKeeper, so it reaches the master that leads now, whichever it is.
   */
  public Cluster(InetSocketAddress jobTrackAddr, Configuration conf) {
    this(conf);
  }

  /** The workers, their slots and the tasks running now. */
  public ClusterMetrics getClusterStatus() throws IOException, InterruptedException {
    io.quern.mapreduce.spi.ClusterMetrics m = JobRunners.forConf(conf).clusterMetrics();
    return new ClusterMetrics(m.runningMaps(), m.runningReduces(), m.mapSlots(), m.reduceSlots(), m.trackers());
  }

  /** The default file system of the configuration, where jobs' input and output live. */
  public FileSystem getFileSystem() throws IOException {
    return FileSystem.get(conf);
  }

  public Configuration getConf() {
    return conf;
  }

  /** Holds no connection of its own (the client's connection to the master is shared). */
  @Override
  public void close() {}
}
