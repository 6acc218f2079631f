package io.quern.master;

import io.quern.cluster.memory.InMemoryZooKeeper;

class InMemoryJobStoreContractTest extends JobStoreContract {
  private final InMemoryZooKeeper zk = new InMemoryZooKeeper();
  private final InMemoryJobStore.Jobs jobs = new InMemoryJobStore.Jobs(zk);

  @Override
  protected MasterBackend connect() {
    return new MasterBackend(zk.connect(), jobs.store());
  }

  @Override
  protected void stopService() {
    zk.close();
  }
}
