package io.quern.cluster.zk;

import io.quern.cluster.ClusterLayout;
import io.quern.cluster.Membership;
import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Registration;
import io.quern.cluster.Role;
import io.quern.rpc.OpenConnections;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.CreateMode;

/**
 * Membership on ephemeral znodes. Registrations are Curator {@link PersistentNode}s, so a
 * registration comes back by itself after a session expiry; watching is one
 * {@link CuratorCache} per role, started on first use.
 */
final class ZkMembership implements Membership, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ZkMembership.class);
  private static final long INITIAL_SYNC_MS = 10_000;

  private final CuratorFramework client;
  private final ClusterLayout layout;
  /** Guarded by this (held across a new watch's first read of ZooKeeper, see watch). */
  private final Map<Role, RoleWatch> watches = new EnumMap<>(Role.class);
  // One thread delivers every listener event, in order.
  private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "membership-events");
    t.setDaemon(true);
    return t;
  });

  /**
   * Whether this session may create znodes: it holds the cluster secret, so what it creates
   * carries Quern's ACL. A reading tool without the secret creates nothing, since what it made
   * would be open to anyone (and the cluster would rightly refuse to run under it).
   */
  private final boolean member;

  ZkMembership(CuratorFramework client, ClusterLayout layout, boolean member) {
    this.client = client;
    this.layout = layout;
    this.member = member;
  }

  @Override
  public Registration register(NodeInfo node) throws Exception {
    String path = layout.node(node.role(), node.id());
    client.createContainers(layout.nodes(node.role()));
    ZkRegistration reg = new ZkRegistration(client, path, node);
    reg.start();
    LOG.info("Registered {} {} at {} (rack {})", node.role().label(), node.id(), node.endpoint(), node.rack());
    return reg;
  }

  @Override
  public List<NodeInfo> live(Role role) {
    return watch(role).live();
  }

  @Override
  public void addListener(Role role, MembershipListener listener) {
    watch(role).listeners.add(listener);
  }

  @Override
  public void removeListener(Role role, MembershipListener listener) {
    watch(role).listeners.remove(listener);
  }

  private synchronized RoleWatch watch(Role role) {
    return watches.computeIfAbsent(role, r -> new RoleWatch(layout.nodes(r)));
  }

  @Override
  public synchronized void close() {
    watches.values().forEach(w -> w.cache.close());
    watches.clear();
    events.shutdownNow();
  }

  private final class RoleWatch {
    final String parent;
    /** Thread-safe (Curator); written once in the constructor. */
    final CuratorCache cache;
    /** Copy-on-write: any thread adds, the events thread reads. */
    final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    /** Thread-safe latch. */
    final CountDownLatch initialized = new CountDownLatch(1);

    RoleWatch(String parent) {
      this.parent = parent;
      if (member) {
        try {
          client.createContainers(parent);
        } catch (Exception e) {
          LOG.warn("Cannot create {} yet ({}); watching it anyway", parent, e.toString());
        }
      }
      this.cache = CuratorCache.build(client, parent);
      cache.listenable().addListener(CuratorCacheListener.builder()
          .forCreates(d -> child(d).ifPresent(n -> deliver(l -> l.joined(n))))
          .forChanges((before, after) -> child(after).ifPresent(n -> deliver(l -> l.updated(n))))
          .forDeletes(d -> child(d).ifPresent(n -> {
            // calls waiting on a member ZooKeeper declared gone would wait out the read timeout
            OpenConnections.cut(n.endpoint());
            deliver(l -> l.left(n));
          }))
          .forInitialized(initialized::countDown)
          .build());
      cache.start();
      try {
        if (!initialized.await(INITIAL_SYNC_MS, TimeUnit.MILLISECONDS)) {
          LOG.warn("Initial read of {} is taking long; the node list may be incomplete", parent);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void deliver(java.util.function.Consumer<MembershipListener> event) {
      if (listeners.isEmpty()) {
        return;
      }
      events.execute(() -> {
        for (MembershipListener l : listeners) {
          try {
            event.accept(l);
          } catch (RuntimeException e) {
            LOG.error("Membership listener failed on an event under {}", parent, e);
          }
        }
      });
    }

    Optional<NodeInfo> child(ChildData d) {
      if (d == null || d.getPath().equals(parent) || !ZKPaths.getPathAndNode(d.getPath()).getPath().equals(parent)) {
        return Optional.empty();
      }
      try {
        return Optional.of(NodeInfo.decode(d.getData() == null ? new byte[0] : d.getData()));
      } catch (IllegalArgumentException e) {
        LOG.warn("Ignoring unreadable registration {}: {}", d.getPath(), e.getMessage());
        return Optional.empty();
      }
    }

    List<NodeInfo> live() {
      List<NodeInfo> out = new ArrayList<>();
      cache.stream().forEach(d -> child(d).ifPresent(out::add));
      out.sort(java.util.Comparator.comparing(NodeInfo::id));
      return out;
    }
  }

  private static final class ZkRegistration implements Registration {
    private final PersistentNode znode;
    private volatile NodeInfo node;

    ZkRegistration(CuratorFramework client, String path, NodeInfo node) {
      this.node = node;
      this.znode = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, node.encode());
    }

    void start() throws Exception {
      znode.start();
      if (!znode.waitForInitialCreate(15, TimeUnit.SECONDS)) {
        znode.close();
        throw new IllegalStateException("Could not create registration " + znode.getActualPath() + " in 15 s");
      }
    }

    @Override
    public NodeInfo node() {
      return node;
    }

    @Override
    public synchronized void update(Map<String, String> attributes) throws Exception {
      node = node.withAttributes(attributes);
      znode.setData(node.encode());
    }

    @Override
    public void close() {
      try {
        znode.close();
      } catch (Exception e) {
        LOG.warn("Could not remove registration of {}: {}", node.id(), e.toString());
      }
    }
  }
}
