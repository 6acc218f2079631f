package io.quern.cluster.zk;

import io.quern.cluster.ClusterLayout;
import io.quern.cluster.LeaderElection;
import io.quern.net.HostPort;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Who leads, kept current by a watch on {@code master/leader}; who takes part, read on demand. */
final class ZkLeaderView implements LeaderElection.View, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ZkLeaderView.class);

  private final CuratorFramework client;
  private final ClusterLayout layout;
  private static final long INITIAL_SYNC_MS = 10_000;

  /** Thread-safe (Curator). */
  private final CuratorCache cache;
  /** Copy-on-write: any thread adds, the cache's thread reads. */
  private final List<Consumer<Optional<LeaderElection.Leader>>> listeners = new CopyOnWriteArrayList<>();

  ZkLeaderView(CuratorFramework client, ClusterLayout layout) {
    this.client = client;
    this.layout = layout;
    this.cache = CuratorCache.build(client, layout.masterLeader(), CuratorCache.Options.SINGLE_NODE_CACHE);
    CountDownLatch initialized = new CountDownLatch(1);
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forAll((type, oldData, data) -> {
          Optional<LeaderElection.Leader> now = leader();
          listeners.forEach(l -> l.accept(now));
        })
        .forInitialized(initialized::countDown)
        .build());
    cache.start();
    try {
      // Callers ask leader() right away; answer from a first read, not an empty cache.
      if (!initialized.await(INITIAL_SYNC_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("Initial read of {} is taking long; the leader may show as unknown", layout.masterLeader());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void addListener(Consumer<Optional<LeaderElection.Leader>> listener) {
    listeners.add(listener);
  }

  @Override
  public Optional<LeaderElection.Leader> leader() {
    Optional<ChildData> d = cache.get(layout.masterLeader());
    if (d.isEmpty() || d.get().getData() == null) {
      return Optional.empty();
    }
    return parse(d.get().getData());
  }

  static Optional<LeaderElection.Leader> parse(byte[] data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
      return Optional.of(new LeaderElection.Leader(
          HostPort.parse(p.getProperty("endpoint", "")), Long.parseLong(p.getProperty("epoch", "-1").trim())));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Unreadable master leader record: {}", e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public List<HostPort> participants() {
    List<HostPort> out = new ArrayList<>();
    try {
      // The latch's own recipe reads the participants; this latch is never started.
      LeaderLatch reader = new LeaderLatch(client, layout.masterElection());
      for (Participant p : reader.getParticipants()) {
        out.add(HostPort.parse(p.getId()));
      }
    } catch (Exception e) {
      LOG.debug("Cannot list election participants: {}", e.toString());
    }
    return out;
  }

  @Override
  public void close() {
    cache.close();
  }
}
