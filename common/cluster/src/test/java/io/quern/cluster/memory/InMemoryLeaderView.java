package io.quern.cluster.memory;

import io.quern.cluster.LeaderElection;
import io.quern.net.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Who leads, as a session has seen it published; who takes part, read from the shared state. */
final class InMemoryLeaderView implements LeaderElection.View {
  private final InMemoryZooKeeper zk;
  private final List<Consumer<Optional<LeaderElection.Leader>>> listeners = new CopyOnWriteArrayList<>();
  private volatile Optional<LeaderElection.Leader> leader;

  InMemoryLeaderView(InMemoryZooKeeper zk, Optional<LeaderElection.Leader> leader) {
    this.zk = zk;
    this.leader = leader;
  }

  @Override
  public Optional<LeaderElection.Leader> leader() {
    return leader;
  }

  @Override
  public List<HostPort> participants() {
    return zk.participants();
  }

  @Override
  public void addListener(Consumer<Optional<LeaderElection.Leader>> listener) {
    listeners.add(listener);
  }

  /** On the session's event thread. */
  void changed(Optional<LeaderElection.Leader> now) {
    leader = now;
    listeners.forEach(l -> l.accept(now));
  }
}
