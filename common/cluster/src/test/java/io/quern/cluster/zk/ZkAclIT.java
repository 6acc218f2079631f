package io.quern.cluster.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.security.ClusterCredentials;
import io.quern.security.TestSecurity;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZkAclIT {
  private TestingServer zk;

  @BeforeEach
  void startZk() throws Exception {
    zk = new TestingServer(true);
    TestSecurity.install();
  }

  @AfterEach
  void stopZk() throws Exception {
    TestSecurity.install();
    zk.close();
  }

  private Configuration conf() {
    Configuration c = TestSecurity.secure(new Configuration());
    c.set("quern.zookeeper.quorum", zk.getConnectString());
    c.set("quern.cluster.id", "acl");
    return c;
  }

  @Test
  void withoutTheSecretOneCanReadButNotChange() throws Exception {
    try (ZkCluster member = ZkCluster.connect(conf());
        CuratorFramework stranger = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      Registration reg = member.membership().register(
          new NodeInfo("w1", Role.WORKER, new HostPort("127.0.0.1", 9020), "/r1", Map.of()));
      assertNotNull(reg);
      String root = member.layout().root();
      String node = member.layout().node(Role.WORKER, "w1");
      stranger.start();
      stranger.blockUntilConnected();

      assertEquals("w1", NodeInfo.decode(stranger.getData().forPath(node)).id());
      assertEquals(List.of("w1"), stranger.getChildren().forPath(member.layout().nodes(Role.WORKER)));
      assertThrows(KeeperException.NoAuthException.class, () -> stranger.setData().forPath(node, "x".getBytes()));
      assertThrows(KeeperException.NoAuthException.class, () -> stranger.delete().forPath(node));
      assertThrows(KeeperException.NoAuthException.class, () -> stranger.create().forPath(root + "/intruder"));
      assertThrows(KeeperException.NoAuthException.class,
          () -> stranger.create().forPath(member.layout().nodes(Role.WORKER) + "/fake"));
      assertThrows(KeeperException.NoAuthException.class, () -> stranger.setData().forPath(root, "x".getBytes()));

      List<ACL> acl = stranger.getACL().forPath(node);
      assertEquals(2, acl.size(), acl.toString());
      assertTrue(acl.stream().anyMatch(a -> a.getId().getScheme().equals("digest") && a.getPerms() == Perms.ALL));
      assertTrue(acl.stream().anyMatch(a -> a.getId().getScheme().equals("world") && a.getPerms() == Perms.READ));
      // another cluster of the ensemble can still make its root beside ours
      stranger.create().forPath(root.substring(0, root.lastIndexOf('/')) + "/other-cluster");

      try (ZkCluster peer = ZkCluster.connect(conf())) { // same secret, another process
        peer.curator().setData().forPath(node, member.curator().getData().forPath(node));
        peer.curator().create().forPath(root + "/peer-was-here");
        peer.curator().delete().forPath(root + "/peer-was-here");
      }

      byte[] other = new byte[32];
      new Random(4).nextBytes(other);
      ClusterCredentials.install(ClusterCredentials.ofSecret(other, false));
      // A process of another secret is refused at once, before it could try anything.
      io.quern.conf.ConfigurationException refused = assertThrows(io.quern.conf.ConfigurationException.class,
          () -> ZkCluster.connect(conf()));
      assertTrue(refused.getMessage().contains("belongs to a cluster with another secret"), refused.getMessage());
      try (CuratorFramework wrong = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
          .retryPolicy(new RetryOneTime(100))
          .authorization("digest", ClusterCredentials.installed().orElseThrow().zooKeeperAuth()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()) {
        wrong.start();
        wrong.blockUntilConnected();
        assertThrows(KeeperException.NoAuthException.class, () -> wrong.delete().forPath(node));
      }
    }
  }

  /**
   * Someone without the secret made the cluster's root before the cluster did, open to all:
   * whoever may write under it could delete daemons' registrations and register impostors, so
   * no Quern process with the secret runs under it.
   */
  @Test
  void aRootAnyoneMayChangeIsRefused() throws Exception {
    try (CuratorFramework stranger = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      stranger.start();
      stranger.blockUntilConnected();
      stranger.create().creatingParentsIfNeeded().forPath("/quern/acl");
      io.quern.conf.ConfigurationException e = assertThrows(io.quern.conf.ConfigurationException.class,
          () -> ZkCluster.connect(conf()));
      assertTrue(e.getMessage().contains("Refusing to run under the ZooKeeper node /quern/acl: world:anyone may change it"),
          e.getMessage());
      stranger.delete().forPath("/quern/acl");
    }
    try (ZkCluster member = ZkCluster.connect(conf())) {
      List<ACL> acl = member.curator().getACL().forPath("/quern/acl");
      assertTrue(acl.stream().allMatch(a -> a.getId().getScheme().equals("digest")
          || (a.getPerms() & ~Perms.READ) == 0), "a root made by the cluster is closed to others: " + acl);
    }
  }

  /**
   * A reading tool without the secret (admin -report, admin -wait while the first daemon is
   * still making the secret) watches the cluster's znodes but creates none: what it made would be
   * open to anyone, and the daemons starting next would refuse to run under it.
   */
  @Test
  void aReaderWithoutTheSecretCreatesNothing() throws Exception {
    Configuration reader = new Configuration();
    reader.set("quern.zookeeper.quorum", zk.getConnectString());
    reader.set("quern.cluster.id", "acl");
    reader.set("quern.security.secret.file", "/nonexistent/quern-secret");
    ClusterCredentials.install(ClusterCredentials.disabled());
    try (ZkCluster tool = ZkCluster.connectForReading(reader)) {
      assertEquals(List.of(), tool.membership().live(Role.DATANODE));
      assertTrue(tool.curator().checkExists().forPath("/quern/acl") == null, "the reader created the root");
    }
    TestSecurity.install();
    try (ZkCluster member = ZkCluster.connect(conf())) {
      member.membership().register(new NodeInfo("d1", Role.DATANODE, new HostPort("127.0.0.1", 9010), "/r1", Map.of()));
    }
  }
}
