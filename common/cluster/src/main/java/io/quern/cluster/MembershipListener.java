package io.quern.cluster;

/** Join and leave events of {@link Membership}; called on one event thread. */
public interface MembershipListener {
  void joined(NodeInfo node);

  void left(NodeInfo node);

  /** The node republished its data (resources, state). */
  default void updated(NodeInfo node) {}
}
