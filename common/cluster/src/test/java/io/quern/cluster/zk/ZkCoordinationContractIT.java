package io.quern.cluster.zk;

import io.quern.cluster.Coordination;
import io.quern.cluster.CoordinationContract;
import io.quern.conf.Configuration;
import io.quern.security.TestSecurity;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeEach;

/** The contract the in-memory coordination is held to, as ZooKeeper keeps it. */
class ZkCoordinationContractIT extends CoordinationContract {
  private TestingServer zk;

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(true);
  }

  @Override
  protected void stopService() throws Exception {
    zk.close();
  }

  @Override
  protected Coordination newSession() throws Exception {
    Configuration c = TestSecurity.secure(new Configuration());
    c.set("quern.zookeeper.quorum", zk.getConnectString());
    c.set("quern.zookeeper.session.timeout", "3s");
    c.set("quern.cluster.id", "contract");
    return ZkCluster.connect(c);
  }

  @Override
  protected void expire(Coordination session) throws Exception {
    KillSession.kill(((ZkCluster) session).curator().getZookeeperClient().getZooKeeper(), zk.getConnectString());
  }
}
