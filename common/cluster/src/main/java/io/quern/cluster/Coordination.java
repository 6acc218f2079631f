package io.quern.cluster;

import io.quern.net.HostPort;

/**
 * One process's session with the service the daemons coordinate through: who is alive, who
 * leads. ZooKeeper in a cluster ({@link io.quern.cluster.zk.ZkCluster}); a daemon that asks for
 * no more than this can run, in tests, on an in-memory one that several daemons of one JVM share.
 */
public interface Coordination extends AutoCloseable {
  Membership membership();

  /** An election for a master whose RMI endpoint is {@code self}. */
  LeaderElection masterElection(HostPort self);

  LeaderElection.View leaderView();

  /**
   * Runs {@code listener} when this process's session has expired: its registrations and its
   * leadership were gone meanwhile, and others may have seen it leave.
   */
  void addSessionExpiryListener(Runnable listener);

  /** Whether the session is connected now (a status page and a metric show it). */
  boolean isConnected();

  /** Ends the session: its registrations leave, its elections are left. */
  @Override
  void close();
}
