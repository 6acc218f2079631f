package io.quern.cluster.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the in-memory coordination adds to the contract: sessions a test can pause, as a stopped process. */
class InMemoryCoordinationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private final InMemoryZooKeeper zk = new InMemoryZooKeeper();

  @AfterEach
  void close() {
    zk.close();
  }

  private static final class Recorder implements LeaderContender {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void grantLeadership(long epoch) {
      calls.add("grant " + epoch);
    }

    @Override
    public void revokeLeadership() {
      calls.add("revoke");
    }
  }

  private static final class Events implements MembershipListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void joined(NodeInfo node) {
      seen.add("joined " + node.id() + " " + node.attribute("v", ""));
    }

    @Override
    public void updated(NodeInfo node) {
      seen.add("updated " + node.id() + " " + node.attribute("v", ""));
    }

    @Override
    public void left(NodeInfo node) {
      seen.add("left " + node.id());
    }
  }

  private static NodeInfo node(Role role, String id, String version) {
    return new NodeInfo(id, role, new HostPort("127.0.0.2", 9020), "/r", Map.of("v", version));
  }

  @Test
  void aPausedLeaderWhoseSessionExpiredLeadsInItsOwnEyesUntilItResumes() throws Exception {
    InMemoryCoordination a = zk.connect();
    InMemoryCoordination b = zk.connect();
    LeaderElection.View view = zk.connect().leaderView();
    Recorder ra = new Recorder();
    LeaderElection ea = a.masterElection(new HostPort("10.0.0.1", 9001));
    ea.start(ra);
    Wait.until("a granted", PATIENCE, () -> !ra.calls.isEmpty());
    LeaderElection eb = b.masterElection(new HostPort("10.0.0.2", 9001));
    eb.start(new Recorder());
    long first = ea.epoch();

    a.pause();
    a.expire();
    Wait.until("b leads", PATIENCE, eb::isLeader);
    assertTrue(eb.epoch() > first);
    assertEquals(eb.epoch(), zk.epoch());
    Wait.until("b published", PATIENCE,
        () -> view.leader().equals(Optional.of(new LeaderElection.Leader(new HostPort("10.0.0.2", 9001), eb.epoch()))));
    assertTrue(ea.isLeader(), "a has not heard yet");
    assertEquals(first, ea.epoch());
    assertEquals(List.of("grant " + first), ra.calls);

    a.resume();
    Wait.until("a told", PATIENCE, () -> ra.calls.contains("revoke"));
    Wait.until("a stands by", PATIENCE, () -> view.participants().size() == 2);
    assertEquals(new HostPort("10.0.0.1", 9001), view.participants().get(1));
    assertEquals(List.of("grant " + first, "revoke"), ra.calls);
    assertTrue(eb.isLeader());
  }

  @Test
  void aPausedSessionHearsNothingThenEverythingInOrder() throws Exception {
    InMemoryCoordination observer = zk.connect();
    InMemoryCoordination member = zk.connect();
    Events events = new Events();
    observer.membership().addListener(Role.WORKER, events);
    observer.pause();
    Registration w1 = member.membership().register(node(Role.WORKER, "w1", "1"));
    member.membership().register(node(Role.WORKER, "w2", "1"));
    w1.close();
    Wait.until("the member sees its own changes", PATIENCE,
        () -> member.membership().live(Role.WORKER).stream().map(NodeInfo::id).toList().equals(List.of("w2")));
    assertEquals(List.of(), observer.membership().live(Role.WORKER), "a paused session's view stands still");
    assertEquals(List.of(), events.seen);
    observer.resume();
    Wait.until("events delivered", PATIENCE, () -> events.seen.size() == 3);
    assertEquals(List.of("joined w1 1", "joined w2 1", "left w1"), events.seen);
    assertEquals(List.of("w2"), observer.membership().live(Role.WORKER).stream().map(NodeInfo::id).toList());
  }

  /**
   * A daemon restarted before its old session expired registers the same node: the node takes
   * the new data and stays; when the old session expires it leaves and the new registration
   * makes it again, as a Curator PersistentNode does.
   */
  @Test
  void aNodeRegisteredAgainByANewSessionOutlivesTheOldOne() throws Exception {
    InMemoryCoordination observer = zk.connect();
    InMemoryCoordination old = zk.connect();
    InMemoryCoordination restarted = zk.connect();
    Events events = new Events();
    observer.membership().addListener(Role.NAMENODE, events);
    old.membership().register(node(Role.NAMENODE, "namenode", "1"));
    restarted.membership().register(node(Role.NAMENODE, "namenode", "2"));
    old.pause();
    old.expire();
    Wait.until("taken over", PATIENCE, () -> events.seen.size() == 4);
    assertEquals(List.of("joined namenode 1", "updated namenode 2", "left namenode", "joined namenode 2"),
        events.seen);
    old.close();
    assertEquals("2", observer.membership().live(Role.NAMENODE).get(0).attribute("v", ""));
  }
}
