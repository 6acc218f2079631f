package io.quern.cluster.zk;

import io.quern.cluster.LeaderElection;
import io.quern.net.HostPort;
import io.quern.rpc.OpenConnections;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows the leader view and, when the master it named leads no more (its session ended or
 * another master holds the epoch), cuts this process's connections to it: a call waiting on a
 * master that a partition took away then fails at once and is retried at the new one.
 */
final class DeposedLeaderCuts implements Consumer<Optional<LeaderElection.Leader>> {
  private HostPort leader;

  DeposedLeaderCuts(Optional<LeaderElection.Leader> current) {
    this.leader = current.map(LeaderElection.Leader::endpoint).orElse(null);
  }

  @Override
  public void accept(Optional<LeaderElection.Leader> now) {
    HostPort deposed;
    synchronized (this) {
      HostPort next = now.map(LeaderElection.Leader::endpoint).orElse(null);
      deposed = leader != null && !Objects.equals(leader, next) ? leader : null;
      leader = next;
    }
    if (deposed != null) {
      OpenConnections.cut(deposed);
    }
  }
}
