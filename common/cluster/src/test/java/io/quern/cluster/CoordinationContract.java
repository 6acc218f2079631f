package io.quern.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.net.HostPort;
import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What daemons rely on from {@link Coordination}, asserted the same way against every
 * implementation: ZooKeeper's, and the in-memory one tests stand on in its place.
 */
public abstract class CoordinationContract {
  /** Long enough for a ZooKeeper session to expire and come back on a loaded machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final List<Coordination> opened = new ArrayList<>();

  /** A new session with the coordination service all sessions of this test share. */
  protected abstract Coordination newSession() throws Exception;

  /** Expires the session on the service's side, as a pause longer than its timeout would. */
  protected abstract void expire(Coordination session) throws Exception;

  /** Stops the service, once every session of the test is closed. */
  protected abstract void stopService() throws Exception;

  private Coordination session() throws Exception {
    Coordination c = newSession();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeSessions() throws Exception {
    opened.forEach(Coordination::close);
    stopService();
  }

  private static NodeInfo worker(String id) {
    return new NodeInfo(id, Role.WORKER, new HostPort("127.0.0.2", 9020), "/rack1", Map.of("cpus", "2"));
  }

  /** Membership events as a listener saw them, with the threads they came on. */
  static final class Events implements MembershipListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void joined(NodeInfo node) {
      add("joined " + node.id());
    }

    @Override
    public void updated(NodeInfo node) {
      add("updated " + node.id() + " load=" + node.attribute("load", "?"));
    }

    @Override
    public void left(NodeInfo node) {
      add("left " + node.id());
    }

    private void add(String event) {
      seen.add(event);
      threads.add(Thread.currentThread().getName());
    }
  }

  /** Records what an election told it, in order. */
  static final class Recorder implements LeaderContender {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Long> epochs = new CopyOnWriteArrayList<>();

    @Override
    public void grantLeadership(long epoch) {
      calls.add("grant " + epoch);
      epochs.add(epoch);
    }

    @Override
    public void revokeLeadership() {
      calls.add("revoke");
    }
  }

  @Test
  void joinUpdateAndLeaveReachAnotherSessionInOrderOnOneThread() throws Exception {
    Coordination observer = session();
    Coordination member = session();
    Events events = new Events();
    observer.membership().addListener(Role.WORKER, events);
    Registration reg = member.membership().register(worker("w1"));
    Wait.until("w1 joined", PATIENCE, () -> events.seen.contains("joined w1"));
    assertEquals(List.of("w1"), observer.membership().live(Role.WORKER).stream().map(NodeInfo::id).toList());
    assertEquals("/rack1", observer.membership().live(Role.WORKER).get(0).rack());
    reg.update(Map.of("load", "0.5"));
    Wait.until("update seen", PATIENCE, () -> events.seen.contains("updated w1 load=0.5"));
    assertEquals("0.5", observer.membership().live(Role.WORKER).get(0).attribute("load", "?"));
    assertEquals("2", observer.membership().live(Role.WORKER).get(0).attribute("cpus", "?"), "attributes merge");
    reg.close();
    Wait.until("w1 left", PATIENCE, () -> events.seen.contains("left w1"));
    assertEquals(List.of("joined w1", "updated w1 load=0.5", "left w1"), events.seen);
    assertEquals(1, events.threads.stream().distinct().count(), "one event thread: " + events.threads);
    assertEquals(List.of(), observer.membership().live(Role.WORKER));
    assertEquals(List.of(), observer.membership().live(Role.MASTER), "other roles untouched");
  }

  @Test
  void liveListsEveryRoleSortedById() throws Exception {
    Coordination observer = session();
    Coordination member = session();
    member.membership().register(worker("w2"));
    member.membership().register(worker("w1"));
    member.membership().register(new NodeInfo("namenode", Role.NAMENODE, new HostPort("127.0.0.1", 9000), "/r",
        Map.of()));
    Wait.until("both workers listed", PATIENCE, () -> observer.membership().live(Role.WORKER).size() == 2);
    assertEquals(List.of("w1", "w2"), observer.membership().live(Role.WORKER).stream().map(NodeInfo::id).toList());
    Wait.until("the NameNode listed", PATIENCE, () -> observer.membership().live(Role.NAMENODE).size() == 1);
  }

  @Test
  void anExpiredSessionsRegistrationLeavesThenComesBack() throws Exception {
    Coordination observer = session();
    Coordination member = session();
    Events events = new Events();
    observer.membership().addListener(Role.WORKER, events);
    List<Boolean> expired = new CopyOnWriteArrayList<>();
    member.addSessionExpiryListener(() -> expired.add(true));
    member.membership().register(worker("w1"));
    Wait.until("w1 joined", PATIENCE, () -> events.seen.contains("joined w1"));
    expire(member);
    Wait.until("expiry heard by the member", PATIENCE, () -> !expired.isEmpty());
    // A registration may be republished on the way (ZooKeeper's client does when it reconnects
    // before learning that its session is gone); joins and leaves come in this order.
    Wait.until("w1 back", PATIENCE, () -> joinsAndLeaves(events).size() >= 3);
    assertEquals(List.of("joined w1", "left w1", "joined w1"), joinsAndLeaves(events));
    Wait.until("w1 listed", PATIENCE, () -> observer.membership().live(Role.WORKER).size() == 1);
  }

  private static List<String> joinsAndLeaves(Events events) {
    return events.seen.stream().filter(e -> !e.startsWith("updated")).toList();
  }

  @Test
  void theStandbyTakesOverWithAHigherEpochWhenTheLeadersSessionExpires() throws Exception {
    Coordination a = session();
    Coordination b = session();
    Coordination viewer = session();
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    HostPort pa = new HostPort("127.0.0.1", 9001);
    HostPort pb = new HostPort("127.0.0.5", 9001);
    LeaderElection ea = a.masterElection(pa);
    ea.start(ra);
    Wait.until("a leads", PATIENCE, ea::isLeader);
    LeaderElection eb = b.masterElection(pb);
    eb.start(rb);
    LeaderElection.View view = viewer.leaderView();
    List<Optional<LeaderElection.Leader>> published = new CopyOnWriteArrayList<>();
    view.addListener(published::add);
    Wait.until("a published", PATIENCE, () -> view.leader().map(l -> l.endpoint().equals(pa)).orElse(false));
    Wait.until("both take part", PATIENCE, () -> view.participants().size() == 2);
    assertEquals(List.of(pa, pb), view.participants(), "oldest first");
    assertFalse(eb.isLeader());
    long first = ea.epoch();
    assertEquals(first, view.leader().get().epoch());

    expire(a);
    // Leading shows as soon as the epoch is taken; the contender hears of it just after.
    Wait.until("b granted", PATIENCE, () -> !rb.calls.isEmpty());
    assertTrue(eb.isLeader());
    assertTrue(eb.epoch() > first, "new epoch " + eb.epoch() + " must exceed " + first);
    Wait.until("a was told", PATIENCE, () -> ra.calls.contains("revoke"));
    assertEquals(List.of("grant " + first, "revoke"), ra.calls);
    assertEquals(List.of("grant " + eb.epoch()), rb.calls);
    Wait.until("the view follows", PATIENCE,
        () -> view.leader().equals(Optional.of(new LeaderElection.Leader(pb, eb.epoch()))));
    Wait.until("its listener too", PATIENCE,
        () -> published.contains(Optional.of(new LeaderElection.Leader(pb, eb.epoch()))));
    // a came back as a new session: it stands by behind b.
    Wait.until("a back in the election", PATIENCE, () -> view.participants().equals(List.of(pb, pa)));
    assertFalse(ea.isLeader());
    assertEquals(-1, ea.epoch());
    ea.close();
    eb.close();
  }

  @Test
  void closingTheLeadersElectionRevokesAtOnceAndEachNextLeaderTakesAHigherEpoch() throws Exception {
    List<Recorder> recorders = new ArrayList<>();
    List<LeaderElection> elections = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recorder r = new Recorder();
      LeaderElection e = session().masterElection(new HostPort("127.0.0." + (i + 1), 9001));
      e.start(r);
      recorders.add(r);
      elections.add(e);
      if (i == 0) {
        Wait.until("the first leads", PATIENCE, e::isLeader);
      }
    }
    LeaderElection.View view = session().leaderView();
    Wait.until("all take part", PATIENCE, () -> view.participants().size() == 3);
    for (int i = 0; i < 3; i++) {
      LeaderElection e = elections.get(i);
      Wait.until("participant " + i + " leads", PATIENCE, e::isLeader);
      long epoch = e.epoch();
      e.close();
      assertEquals(List.of("grant " + epoch, "revoke"), recorders.get(i).calls, "participant " + i);
      assertFalse(e.isLeader());
    }
    List<Long> epochs = recorders.stream().map(r -> r.epochs.get(0)).toList();
    assertTrue(epochs.get(0) < epochs.get(1) && epochs.get(1) < epochs.get(2), "epochs " + epochs);
    Wait.until("no leader published", PATIENCE, () -> view.leader().isEmpty());
    assertEquals(List.of(), view.participants());
  }
}
