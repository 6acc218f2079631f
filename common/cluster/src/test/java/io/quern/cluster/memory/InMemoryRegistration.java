package io.quern.cluster.memory;

import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import java.util.Map;

/** A registration that, like a Curator PersistentNode, is made again whenever its session comes back. */
final class InMemoryRegistration implements Registration {
  final InMemoryCoordination session;
  /** Written under the InMemoryZooKeeper's monitor. */
  volatile NodeInfo node;

  InMemoryRegistration(InMemoryCoordination session, NodeInfo node) {
    this.session = session;
    this.node = node;
  }

  @Override
  public NodeInfo node() {
    return node;
  }

  @Override
  public void update(Map<String, String> attributes) {
    session.zk().update(this, node.withAttributes(attributes));
  }

  @Override
  public void close() {
    session.zk().unregister(this);
  }
}
