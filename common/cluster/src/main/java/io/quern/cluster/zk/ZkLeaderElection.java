package io.quern.cluster.zk;

import io.quern.cluster.ClusterLayout;
import io.quern.cluster.LeaderContender;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.LeadershipTracker;
import io.quern.net.HostPort;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * Master election on a Curator {@link LeaderLatch}. With Curator's standard error policy the
 * latch reports "not leader" as soon as the connection is SUSPENDED and leadership again on
 * RECONNECTED if our latch node survived, so a short ZooKeeper hiccup pauses the leader
 * without a failover, while a LOST session hands leadership to a standby. Every grant takes
 * a new epoch and republishes {@code master/leader}.
 */
final class ZkLeaderElection implements LeaderElection {
  private static final Logger LOG = LogManager.getLogger(ZkLeaderElection.class);

  private final CuratorFramework client;
  private final ClusterLayout layout;
  private final HostPort self;
  private final LeaderLatch latch;
  // One thread runs every leadership transition, so grant and revoke never overlap.
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "leader-election");
    t.setDaemon(true);
    return t;
  });
  /**
   * Written once by start(); volatile because isLeader() and epoch() read it on any thread (a
   * master's RPC threads, its timers), which start() publishes nothing to. Its state is the
   * tracker's own (volatile there), and only the election thread changes it.
   */
  private volatile LeadershipTracker tracker;

  ZkLeaderElection(CuratorFramework client, ClusterLayout layout, HostPort self) {
    this.client = client;
    this.layout = layout;
    this.self = self;
    this.latch = new LeaderLatch(client, layout.masterElection(), self.toString());
  }

  @Override
  public void start(LeaderContender contender) throws Exception {
    tracker = new LeadershipTracker(contender, this::takeEpoch);
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        thread.execute(ZkLeaderElection.this::onLatchHeld);
      }

      @Override
      public void notLeader() {
        thread.execute(tracker::lostLatch);
      }
    });
    client.createContainers(layout.masterElection());
    latch.start();
  }

  private void onLatchHeld() {
    if (!latch.hasLeadership()) {
      return;
    }
    tracker.holdsLatch();
    if (!tracker.isLeader()) {
      thread.schedule(this::onLatchHeld, 1, TimeUnit.SECONDS);
    }
  }

  private long takeEpoch() {
    try {
      long epoch = ZkEpochs.next(client, layout.masterEpoch());
      publishLeader(epoch);
      return epoch;
    } catch (Exception e) {
      throw new IllegalStateException("cannot take a new epoch: " + e, e);
    }
  }

  private void publishLeader(long epoch) throws Exception {
    byte[] data = ("endpoint=" + self + "\nepoch=" + epoch + "\n").getBytes(StandardCharsets.UTF_8);
    String path = layout.masterLeader();
    try {
      client.delete().forPath(path);
    } catch (KeeperException.NoNodeException ignored) {
      // no earlier leader left its node behind
    }
    client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
  }

  @Override
  public boolean isLeader() {
    return tracker != null && tracker.isLeader();
  }

  @Override
  public long epoch() {
    return tracker == null ? -1 : tracker.epoch();
  }

  @Override
  public void close() {
    try {
      if (tracker != null) {
        thread.submit(tracker::lostLatch).get(5, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("Could not revoke leadership cleanly: {}", e.toString());
    }
    try {
      latch.close(LeaderLatch.CloseMode.SILENT);
    } catch (Exception e) {
      LOG.warn("Could not leave the election cleanly: {}", e.toString());
    }
    try {
      byte[] data = client.getData().forPath(layout.masterLeader());
      if (new String(data, StandardCharsets.UTF_8).contains("endpoint=" + self + "\n")) {
        client.delete().forPath(layout.masterLeader());
      }
    } catch (Exception ignored) {
      // the ephemeral node goes with the session anyway
    }
    thread.shutdownNow();
  }
}
