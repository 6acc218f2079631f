package io.quern.cluster.zk;

import io.quern.cluster.LeaderElection;
import io.quern.net.HostPort;
import io.quern.rpc.OpenConnections;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows the leader view and, when another master takes the leadership, cuts this process's
 * connections to the one it names no more: a call waiting on a master that a partition took away
 * then fails at once and is retried at the new one. A view with no leader cuts nothing: the
 * active master steps down while its ZooKeeper connection is suspended and leads again once it
 * is back, and its callers' calls must ride through that.
 */
final class DeposedLeaderCuts implements Consumer<Optional<LeaderElection.Leader>> {
  /** Guarded by this (the view delivers from one thread, the constructor from another). */
  private HostPort leader;

  DeposedLeaderCuts(Optional<LeaderElection.Leader> current) {
    this.leader = current.map(LeaderElection.Leader::endpoint).orElse(null);
  }

  @Override
  public void accept(Optional<LeaderElection.Leader> now) {
    if (now.isEmpty()) {
      return;
    }
    HostPort deposed;
    synchronized (this) {
      HostPort next = now.get().endpoint();
      deposed = leader != null && !leader.equals(next) ? leader : null;
      leader = next;
    }
    if (deposed != null) {
      OpenConnections.cut(deposed);
    }
  }
}
