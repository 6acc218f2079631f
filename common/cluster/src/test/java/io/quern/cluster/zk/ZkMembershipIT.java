package io.quern.cluster.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

class ZkMembershipIT extends ZkTestSupport {
  private Configuration conf() {
    return conf("2s");
  }

  private static NodeInfo worker(String host) {
    return new NodeInfo(host + ":9020", Role.WORKER, new HostPort(host, 9020), "/rack1", Map.of("cpus", "2"));
  }

  @Test
  void joinUpdateAndLeaveAreSeenByAnotherProcess() throws Exception {
    try (ZkCluster observer = ZkCluster.connect(conf()); ZkCluster member = ZkCluster.connect(conf())) {
      List<String> events = new CopyOnWriteArrayList<>();
      observer.membership().addListener(Role.WORKER, new MembershipListener() {
        @Override
        public void joined(NodeInfo node) {
          events.add("joined " + node.id());
        }

        @Override
        public void left(NodeInfo node) {
          events.add("left " + node.id());
        }

        @Override
        public void updated(NodeInfo node) {
          events.add("updated " + node.attribute("load", "?"));
        }
      });
      Registration reg = member.membership().register(worker("127.0.0.2"));
      Wait.until("worker listed", Duration.ofSeconds(5), () -> observer.membership().live(Role.WORKER).size() == 1);
      assertEquals("/rack1", observer.membership().live(Role.WORKER).get(0).rack());
      reg.update(Map.of("load", "0.5"));
      Wait.until("update seen", Duration.ofSeconds(5), () -> events.contains("updated 0.5"));
      reg.close();
      Wait.until("worker gone", Duration.ofSeconds(5), () -> observer.membership().live(Role.WORKER).isEmpty());
      Wait.until("left event", Duration.ofSeconds(5), () -> events.contains("left 127.0.0.2:9020"));
      assertEquals("joined 127.0.0.2:9020", events.get(0));
    }
  }

  @Test
  void expiredSessionRemovesTheNodeAndItComesBack() throws Exception {
    try (ZkCluster observer = ZkCluster.connect(conf()); ZkCluster member = ZkCluster.connect(conf())) {
      List<Boolean> expired = new CopyOnWriteArrayList<>();
      member.addSessionExpiryListener(() -> expired.add(true));
      member.membership().register(worker("127.0.0.3"));
      Wait.until("listed", Duration.ofSeconds(5), () -> observer.membership().live(Role.WORKER).size() == 1);
      long session = member.curator().getZookeeperClient().getZooKeeper().getSessionId();
      // Expire the member's session from the server side, as a long pause would.
      ZooKeeper zkc = member.curator().getZookeeperClient().getZooKeeper();
      org.apache.curator.test.KillSession.kill(zkc, zk.getConnectString());
      Wait.until("expiry noticed", Duration.ofSeconds(15), () -> !expired.isEmpty());
      Wait.until("re-registered under a new session", Duration.ofSeconds(15), () -> {
        try {
          return member.curator().getZookeeperClient().getZooKeeper().getSessionId() != session
              && observer.membership().live(Role.WORKER).size() == 1;
        } catch (Exception e) {
          return false;
        }
      });
      assertTrue(observer.membership().live(Role.WORKER).get(0).id().startsWith("127.0.0.3"));
    }
  }

  @Test
  void aRolesSlowFirstReadDoesNotHoldUpAnotherRolesLive() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    try (ZkCluster observer = ZkCluster.connect(conf()); ZkCluster member = ZkCluster.connect(conf())) {
      member.membership().register(worker("127.0.0.4"));
      Wait.until("worker listed", Duration.ofSeconds(5), () -> observer.membership().live(Role.WORKER).size() == 1);
      // With ZooKeeper gone, the first read of the masters cannot complete: their first use waits it out.
      zk.stop();
      AtomicReference<Thread> reader = new AtomicReference<>();
      Future<List<NodeInfo>> masters = pool.submit(() -> {
        reader.set(Thread.currentThread());
        return observer.membership().live(Role.MASTER);
      });
      Wait.until("the masters' first use waits for ZooKeeper", Duration.ofSeconds(10), () -> {
        Thread t = reader.get();
        return t != null && t.getState() == Thread.State.TIMED_WAITING
            && Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getClassName().endsWith("ZkMembership$RoleWatch"));
      });
      List<NodeInfo> workers = pool.submit(() -> observer.membership().live(Role.WORKER)).get(5, TimeUnit.SECONDS);
      assertEquals(List.of("127.0.0.4:9020"), workers.stream().map(NodeInfo::id).toList());
      assertFalse(masters.isDone(), "the workers were listed while the masters' first read still waited");

      zk.restart();
      assertTrue(masters.get(30, TimeUnit.SECONDS).isEmpty(), "no master registered");
      // The watch that started without ZooKeeper follows the masters once it is back.
      member.membership().register(new NodeInfo("127.0.0.5:9001", Role.MASTER, new HostPort("127.0.0.5", 9001),
          "/rack1", Map.of()));
      Wait.until("master listed", Duration.ofSeconds(30), () -> observer.membership().live(Role.MASTER).size() == 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableZooKeeperFailsWithOneSentence() throws Exception {
    Configuration c = conf();
    c.set("quern.zookeeper.quorum", "127.0.0.1:1");
    c.set("quern.zookeeper.connection.timeout", "500ms");
    ZkUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(ZkUnavailableException.class,
        () -> ZkCluster.connect(c));
    assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
  }
}
