package io.quern.master;

import io.quern.conf.Configuration;
import io.quern.security.TestSecurity;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeEach;

/** The job store contract on ZooKeeper, which the in-memory store is held to. */
class ZkJobStoreContractIT extends JobStoreContract {
  private TestingServer zk;

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(true);
  }

  @Override
  protected MasterBackend connect() throws Exception {
    Configuration conf = TestSecurity.secure(new Configuration());
    conf.set("quern.zookeeper.quorum", zk.getConnectString());
    conf.set("quern.zookeeper.session.timeout", "3s");
    conf.set("quern.cluster.id", "jobstore");
    conf.set("fs.defaultFS", "file:///");
    return MasterBackend.zooKeeper(conf);
  }

  @Override
  protected void stopService() throws Exception {
    zk.close();
  }
}
