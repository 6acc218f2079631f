package io.quern.cluster.memory;

import io.quern.cluster.Membership;
import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A session's membership. Like ZooKeeper's watch caches it lists the nodes as this session has
 * seen them: a change shows in {@link #live} when the session's event thread reaches it, just
 * before its listeners hear of it.
 */
final class InMemoryMembership implements Membership {
  private static final Logger LOG = LogManager.getLogger(InMemoryMembership.class);

  enum Change {
    JOINED,
    UPDATED,
    LEFT
  }

  private final InMemoryCoordination session;
  private final Map<Role, ConcurrentSkipListMap<String, NodeInfo>> seen = new EnumMap<>(Role.class);
  private final Map<Role, List<MembershipListener>> listeners = new EnumMap<>(Role.class);

  InMemoryMembership(InMemoryCoordination session, List<NodeInfo> live) {
    this.session = session;
    for (Role role : Role.values()) {
      seen.put(role, new ConcurrentSkipListMap<>());
      listeners.put(role, new CopyOnWriteArrayList<>());
    }
    live.forEach(n -> seen.get(n.role()).put(n.id(), n));
  }

  @Override
  public Registration register(NodeInfo node) {
    InMemoryRegistration r = new InMemoryRegistration(session, node);
    session.zk().register(r);
    LOG.info("Registered {} {} at {} (rack {}) in {}", node.role().label(), node.id(), node.endpoint(), node.rack(),
        session);
    return r;
  }

  @Override
  public List<NodeInfo> live(Role role) {
    return List.copyOf(seen.get(role).values());
  }

  @Override
  public void addListener(Role role, MembershipListener listener) {
    listeners.get(role).add(listener);
  }

  @Override
  public void removeListener(Role role, MembershipListener listener) {
    listeners.get(role).remove(listener);
  }

  /** On the event thread. */
  void apply(Change change, NodeInfo node) {
    if (change == Change.LEFT) {
      seen.get(node.role()).remove(node.id());
    } else {
      seen.get(node.role()).put(node.id(), node);
    }
    for (MembershipListener l : listeners.get(node.role())) {
      try {
        switch (change) {
          case JOINED -> l.joined(node);
          case UPDATED -> l.updated(node);
          case LEFT -> l.left(node);
        }
      } catch (RuntimeException e) {
        LOG.error("Membership listener failed on {} {}", change, node.id(), e);
      }
    }
  }
}
