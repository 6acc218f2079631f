package io.quern.cluster.memory;

import io.quern.cluster.Coordination;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.Membership;
import io.quern.cluster.NodeInfo;
import io.quern.net.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One daemon's session with an {@link InMemoryZooKeeper}. Its membership events, leadership
 * changes and leader view updates run on one event thread of its own, in the order the shared
 * state changed; {@link #pause()} holds that thread, as stopping the process would.
 */
public final class InMemoryCoordination implements Coordination {
  private static final Logger LOG = LogManager.getLogger(InMemoryCoordination.class);

  private final InMemoryZooKeeper zk;
  private final String name;
  private final EventThread events;
  private final InMemoryMembership membership;
  private final InMemoryLeaderView view;
  private final List<Runnable> expiryListeners = new CopyOnWriteArrayList<>();
  /** Guarded by the InMemoryZooKeeper's monitor, as is what follows. */
  final List<InMemoryElection> elections = new ArrayList<>();
  /** False from an expiry until the session hears of it and comes back, and after close. */
  boolean connected = true;
  boolean closed;

  InMemoryCoordination(InMemoryZooKeeper zk, String name, List<NodeInfo> live,
      Optional<LeaderElection.Leader> leader) {
    this.zk = zk;
    this.name = name;
    this.events = new EventThread("in-memory-zk-" + name);
    this.membership = new InMemoryMembership(this, live);
    this.view = new InMemoryLeaderView(zk, leader);
  }

  InMemoryZooKeeper zk() {
    return zk;
  }

  @Override
  public Membership membership() {
    return membership;
  }

  @Override
  public LeaderElection masterElection(HostPort self) {
    return new InMemoryElection(this, self);
  }

  @Override
  public LeaderElection.View leaderView() {
    return view;
  }

  @Override
  public void addSessionExpiryListener(Runnable listener) {
    expiryListeners.add(listener);
  }

  /**
   * Expires the session on the server side, as a process paused past its session timeout
   * finds it: its registrations leave and its place in the election goes (the next participant
   * takes the lead with a new epoch) at once. The process hears of it on its event thread:
   * its leadership is revoked, the expiry listeners run, then it comes back as a new session
   * (registrations made again, the election rejoined at the back).
   */
  @Override
  public boolean isConnected() {
    synchronized (zk) {
      return connected && !closed;
    }
  }

  public void expire() {
    zk.expire(this);
  }

  /**
   * Holds this session's events, as stopping the process (SIGSTOP) would: meanwhile it is told
   * nothing, not even that it expired, and so may act on leadership it no longer has.
   */
  public void pause() {
    events.hold();
  }

  /** Delivers what {@link #pause()} held, in order. */
  public void resume() {
    events.release();
  }

  void post(Runnable event) {
    events.post(event);
  }

  EventThread events() {
    return events;
  }

  void membershipEvent(InMemoryMembership.Change change, NodeInfo node) {
    events.post(() -> membership.apply(change, node));
  }

  void leaderChanged(Optional<LeaderElection.Leader> now) {
    events.post(() -> view.changed(now));
  }

  /** On the event thread: what a Curator client does on LOST, then on reconnecting with a new session. */
  void expired() {
    List<InMemoryElection> mine;
    synchronized (zk) {
      mine = List.copyOf(elections);
    }
    mine.forEach(InMemoryElection::sessionLost);
    for (Runnable l : expiryListeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.error("Session-expiry listener failed", e);
      }
    }
    zk.reconnect(this);
  }

  @Override
  public void close() {
    zk.close(this);
    events.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
