package io.quern.cluster.memory;

import io.quern.cluster.LeaderElection;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.net.HostPort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What ZooKeeper holds for one Quern cluster, kept in memory for the daemons of one JVM to
 * share in tests: registrations (ephemeral: each belongs to the session that made it), the
 * master election's queue, the published leader and the epoch counter. Each daemon joins with
 * {@link #connect()}, getting a session of its own; {@link InMemoryCoordination#expire()} does to
 * a session what a server-side expiry does to a ZooKeeper one.
 *
 * <p>State changes under this object's monitor and each change is posted to every session's
 * event thread then, so that all sessions see changes in one order. Nothing holding the monitor
 * waits for another thread.
 */
public final class InMemoryZooKeeper implements AutoCloseable {
  private final List<InMemoryCoordination> sessions = new ArrayList<>();
  private final Map<Role, TreeMap<String, Znode>> nodes = new EnumMap<>(Role.class);
  /** Open registrations: each keeps its znode in existence while its session is connected. */
  private final List<InMemoryRegistration> registrations = new ArrayList<>();
  /** The election's participants, oldest first: the first one holds the latch. */
  private final List<InMemoryElection> latch = new ArrayList<>();
  private LeaderElection.Leader leader;
  private InMemoryCoordination leaderSession;
  private long epoch;
  private int sessionCount;

  private static final class Znode {
    NodeInfo data;
    final InMemoryCoordination owner;

    Znode(NodeInfo data, InMemoryCoordination owner) {
      this.data = data;
      this.owner = owner;
    }
  }

  /** A new session, as a daemon's own connection to ZooKeeper. */
  public synchronized InMemoryCoordination connect() {
    List<NodeInfo> all = new ArrayList<>();
    nodes.values().forEach(byId -> byId.values().forEach(z -> all.add(z.data)));
    InMemoryCoordination s = new InMemoryCoordination(this, "session-" + ++sessionCount, all,
        Optional.ofNullable(leader));
    sessions.add(s);
    return s;
  }

  /** The master epoch: the number of grants so far, 0 before the first. */
  public synchronized long epoch() {
    return epoch;
  }

  /** What a job store does with the epoch, read and acted upon with no election taking another meanwhile. */
  @FunctionalInterface
  public interface EpochCall<T, E extends Exception> {
    T apply(long currentEpoch) throws E;
  }

  /** Runs {@code call} atomically with respect to the epoch counter, as a ZooKeeper transaction that checks it. */
  public synchronized <T, E extends Exception> T atEpoch(EpochCall<T, E> call) throws E {
    return call.apply(epoch);
  }

  // ---- registrations ----

  synchronized void register(InMemoryRegistration r) {
    registrations.add(r);
    ensure(r);
  }

  synchronized void update(InMemoryRegistration r, NodeInfo data) {
    r.node = data;
    Znode z = nodes(data.role()).get(data.id());
    if (z != null && r.session.connected) {
      z.data = data;
      broadcast(s -> s.membershipEvent(InMemoryMembership.Change.UPDATED, data));
    }
  }

  synchronized void unregister(InMemoryRegistration r) {
    if (registrations.remove(r) && r.session.connected) {
      delete(r.node.role(), r.node.id());
    }
  }

  /**
   * Makes the registration's znode exist, as Curator's PersistentNode does: created when missing,
   * else given the registration's data (the znode stays another session's, if it is).
   */
  private void ensure(InMemoryRegistration r) {
    if (!r.session.connected) {
      return;
    }
    NodeInfo data = r.node;
    Znode z = nodes(data.role()).get(data.id());
    if (z == null) {
      nodes(data.role()).put(data.id(), new Znode(data, r.session));
      broadcast(s -> s.membershipEvent(InMemoryMembership.Change.JOINED, data));
    } else {
      z.data = data;
      broadcast(s -> s.membershipEvent(InMemoryMembership.Change.UPDATED, data));
    }
  }

  /** Deletes a znode; another connected session's registration of the same node makes it again. */
  private void delete(Role role, String id) {
    Znode z = nodes(role).remove(id);
    if (z == null) {
      return;
    }
    broadcast(s -> s.membershipEvent(InMemoryMembership.Change.LEFT, z.data));
    for (InMemoryRegistration r : registrations) {
      if (r.session.connected && r.node.role() == role && r.node.id().equals(id)) {
        ensure(r);
        return;
      }
    }
  }

  private TreeMap<String, Znode> nodes(Role role) {
    return nodes.computeIfAbsent(role, r -> new TreeMap<>());
  }

  // ---- the master election ----

  synchronized void start(InMemoryElection e) {
    e.session.elections.add(e);
    join(e);
  }

  private void join(InMemoryElection e) {
    if (!e.session.connected || e.closed) {
      return;
    }
    latch.add(e);
    if (latch.get(0) == e) {
      e.session.post(e::latchHeld);
    }
  }

  synchronized boolean holdsLatch(InMemoryElection e) {
    return e.session.connected && !latch.isEmpty() && latch.get(0) == e;
  }

  /** The next epoch, published with the endpoint of the election that takes it. */
  synchronized long takeEpoch(InMemoryElection e) {
    if (!holdsLatch(e)) {
      throw new IllegalStateException(e.self + " no longer holds the latch");
    }
    epoch++;
    publish(new LeaderElection.Leader(e.self, epoch), e.session);
    return epoch;
  }

  synchronized void leave(InMemoryElection e) {
    e.closed = true;
    dropFromLatch(e);
    if (leader != null && leader.endpoint().equals(e.self)) {
      publish(null, null);
    }
  }

  private void dropFromLatch(InMemoryElection e) {
    boolean held = !latch.isEmpty() && latch.get(0) == e;
    latch.remove(e);
    if (held && !latch.isEmpty()) {
      InMemoryElection next = latch.get(0);
      next.session.post(next::latchHeld);
    }
  }

  private void publish(LeaderElection.Leader now, InMemoryCoordination owner) {
    leader = now;
    leaderSession = owner;
    Optional<LeaderElection.Leader> published = Optional.ofNullable(now);
    broadcast(s -> s.leaderChanged(published));
  }

  synchronized List<HostPort> participants() {
    return latch.stream().map(e -> e.self).toList();
  }

  // ---- sessions ----

  /** The server side of an expiry: the session's ephemerals go now, the session hears of it on its event thread. */
  synchronized void expire(InMemoryCoordination s) {
    if (!s.connected) {
      return;
    }
    s.connected = false;
    dropEphemerals(s);
    s.post(s::expired);
  }

  /** The session is back, as a new ZooKeeper session: its registrations and elections are made again. */
  synchronized void reconnect(InMemoryCoordination s) {
    if (s.closed) {
      return;
    }
    s.connected = true;
    for (InMemoryRegistration r : registrations) {
      if (r.session == s) {
        ensure(r);
      }
    }
    for (InMemoryElection e : s.elections) {
      join(e);
    }
  }

  synchronized void close(InMemoryCoordination s) {
    if (s.closed) {
      return;
    }
    s.closed = true;
    if (s.connected) {
      s.connected = false;
      dropEphemerals(s);
    }
    registrations.removeIf(r -> r.session == s);
    sessions.remove(s);
  }

  private void dropEphemerals(InMemoryCoordination s) {
    for (Map.Entry<Role, TreeMap<String, Znode>> byRole : nodes.entrySet()) {
      List<String> owned = byRole.getValue().entrySet().stream().filter(z -> z.getValue().owner == s)
          .map(Map.Entry::getKey).toList();
      owned.forEach(id -> delete(byRole.getKey(), id));
    }
    for (InMemoryElection e : List.copyOf(latch)) {
      if (e.session == s) {
        dropFromLatch(e);
      }
    }
    if (leaderSession == s) {
      publish(null, null);
    }
  }

  private void broadcast(java.util.function.Consumer<InMemoryCoordination> event) {
    sessions.forEach(event);
  }

  /** Closes every session still open. */
  @Override
  public void close() {
    List<InMemoryCoordination> open;
    synchronized (this) {
      open = List.copyOf(sessions);
    }
    open.forEach(InMemoryCoordination::close);
  }
}
