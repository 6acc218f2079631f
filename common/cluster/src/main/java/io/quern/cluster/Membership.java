package io.quern.cluster;

import java.util.List;

/**
 * Who is alive. A registered node stays listed while its process holds its session;
 * there are no heartbeats: a node that dies or is partitioned leaves on session expiry.
 */
public interface Membership {
  /** Registers this process as {@code node}; the registration ends with the process or on close. */
  Registration register(NodeInfo node) throws Exception;

  /** The nodes of a role alive now, as far as this process has seen. */
  List<NodeInfo> live(Role role);

  /**
   * Listens for nodes of a role joining, leaving and updating. Events of one membership are
   * delivered one at a time, in order, on a single thread.
   */
  void addListener(Role role, MembershipListener listener);

  void removeListener(Role role, MembershipListener listener);
}
