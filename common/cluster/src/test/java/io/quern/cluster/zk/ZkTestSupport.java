package io.quern.cluster.zk;

import io.quern.conf.Configuration;
import io.quern.security.TestSecurity;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh ZooKeeper per test, and configurations of processes of one secured test cluster. */
abstract class ZkTestSupport {
  protected TestingServer zk;

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stopZk() throws Exception {
    zk.close();
  }

  protected Configuration conf(String sessionTimeout) {
    Configuration c = TestSecurity.secure(new Configuration());
    c.set("quern.zookeeper.quorum", zk.getConnectString());
    c.set("quern.zookeeper.session.timeout", sessionTimeout);
    c.set("quern.cluster.id", "it");
    return c;
  }
}
