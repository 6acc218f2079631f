package io.quern.master;

import io.quern.cluster.Coordination;
import io.quern.cluster.zk.ZkCluster;
import io.quern.cluster.zk.ZkUnavailableException;
import io.quern.conf.Configuration;

/**
 * What a master stands on: its session with the cluster's coordination (membership, election)
 * and the job store whose writes are fenced by the epochs that election hands out. The two come
 * together because the fence reads the epoch the election moved.
 */
record MasterBackend(Coordination coordination, JobStore store) implements AutoCloseable {
  /** Opens a backend for a master configured by {@code conf}, when it starts. */
  @FunctionalInterface
  interface Connector {
    MasterBackend connect(Configuration conf) throws Exception;
  }

  /** The cluster's ZooKeeper, and the job store in it. */
  static MasterBackend zooKeeper(Configuration conf) throws ZkUnavailableException {
    ZkCluster zk = ZkCluster.connect(conf);
    return new MasterBackend(zk, new ZkJobStore(zk.curator(), zk.layout(), conf));
  }

  @Override
  public void close() {
    coordination.close();
  }
}
