package io.quern.cluster.memory;

import io.quern.cluster.Coordination;
import io.quern.cluster.CoordinationContract;

class InMemoryCoordinationContractTest extends CoordinationContract {
  private final InMemoryZooKeeper zk = new InMemoryZooKeeper();

  @Override
  protected void stopService() {
    zk.close();
  }

  @Override
  protected Coordination newSession() {
    return zk.connect();
  }

  @Override
  protected void expire(Coordination session) {
    ((InMemoryCoordination) session).expire();
  }
}
