package io.quern.cluster.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.KillSession;
import org.junit.jupiter.api.Test;

class ZkLeaderElectionIT extends ZkTestSupport {
  private Configuration conf() {
    return conf("3s");
  }

  /** Records what the election told it, in order. */
  static final class Recorder implements LeaderContender {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long epoch = -1;

    @Override
    public void grantLeadership(long e) {
      epoch = e;
      calls.add("grant " + e);
    }

    @Override
    public void revokeLeadership() {
      epoch = -1;
      calls.add("revoke");
    }
  }

  @Test
  void standbyTakesOverWithAHigherEpochWhenTheLeaderGoes() throws Exception {
    ZkCluster a = ZkCluster.connect(conf());
    try (ZkCluster b = ZkCluster.connect(conf()); ZkCluster viewer = ZkCluster.connect(conf())) {
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      LeaderElection ea = a.masterElection(new HostPort("127.0.0.1", 9001));
      ea.start(ra);
      Wait.until("a leads", Duration.ofSeconds(5), ea::isLeader);
      LeaderElection eb = b.masterElection(new HostPort("127.0.0.5", 9001));
      eb.start(rb);
      LeaderElection.View view = viewer.leaderView();
      Wait.until("leader published", Duration.ofSeconds(5),
          () -> view.leader().map(l -> l.endpoint().host().equals("127.0.0.1")).orElse(false));
      Wait.until("both participate", Duration.ofSeconds(5), () -> view.participants().size() == 2);
      assertFalse(eb.isLeader());
      long first = ea.epoch();

      // The active master's process dies: its session goes with it.
      KillSession.kill(a.curator().getZookeeperClient().getZooKeeper(), zk.getConnectString());
      Wait.until("b leads", Duration.ofSeconds(10), eb::isLeader);
      assertTrue(eb.epoch() > first, "new epoch " + eb.epoch() + " must exceed " + first);
      Wait.until("view follows", Duration.ofSeconds(5),
          () -> view.leader().map(l -> l.endpoint().host().equals("127.0.0.5") && l.epoch() == eb.epoch()).orElse(false));
      Wait.until("a was told to stop", Duration.ofSeconds(10), () -> ra.calls.contains("revoke"));
      assertEquals("grant " + first, ra.calls.get(0));
      ea.close();
      eb.close();
    } finally {
      a.close();
    }
  }

  @Test
  void aShortZooKeeperOutageCausesNoFailover() throws Exception {
    try (ZkCluster a = ZkCluster.connect(conf()); ZkCluster b = ZkCluster.connect(conf())) {
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      LeaderElection ea = a.masterElection(new HostPort("127.0.0.1", 9001));
      ea.start(ra);
      Wait.until("a leads", Duration.ofSeconds(5), ea::isLeader);
      LeaderElection eb = b.masterElection(new HostPort("127.0.0.5", 9001));
      eb.start(rb);
      Wait.until("b joined", Duration.ofSeconds(5), () -> b.leaderView().participants().size() == 2);

      zk.restart(); // shorter than the 3 s session: sessions survive
      Wait.until("a leads again after the outage", Duration.ofSeconds(10),
          () -> ea.isLeader() && ra.calls.size() >= 1);
      Wait.until("connections back", Duration.ofSeconds(10), () -> a.isConnected() && b.isConnected());
      assertTrue(ea.isLeader());
      assertFalse(eb.isLeader());
      assertTrue(rb.calls.isEmpty(), "standby must not have led: " + rb.calls);
      ea.close();
      eb.close();
    }
  }

  @Test
  void closingTheLeaderHandsOverAtOnce() throws Exception {
    try (ZkCluster a = ZkCluster.connect(conf()); ZkCluster b = ZkCluster.connect(conf())) {
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      LeaderElection ea = a.masterElection(new HostPort("127.0.0.1", 9001));
      ea.start(ra);
      Wait.until("a leads", Duration.ofSeconds(5), ea::isLeader);
      LeaderElection eb = b.masterElection(new HostPort("127.0.0.5", 9001));
      eb.start(rb);
      Wait.until("b joined", Duration.ofSeconds(5), () -> b.leaderView().participants().size() == 2);
      ea.close();
      assertEquals(List.of("grant " + ra.calls.get(0).substring(6), "revoke"), ra.calls);
      Wait.until("b leads", Duration.ofSeconds(5), eb::isLeader);
      eb.close();
    }
  }
}
