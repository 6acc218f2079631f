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
 * {@link CuratorCache} per role, started on first use. A role's first use waits (up to
 * {@value #INITIAL_SYNC_MS} ms) for its first read of ZooKeeper; that wait holds up only callers
 * of the same role, never another role's.
 */
final class ZkMembership implements Membership, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ZkMembership.class);
  private static final long INITIAL_SYNC_MS = 10_000;

  private final CuratorFramework client;
  private final ClusterLayout layout;
  /** Guarded by this, which is held only to find or add a role's watch, never across ZooKeeper calls. */
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

  /** The role's watch, started by its first caller; every caller returns once its first read is in. */
  private RoleWatch watch(Role role) {
    RoleWatch w;
    synchronized (this) {
      w = watches.computeIfAbsent(role, r -> new RoleWatch(layout.nodes(r)));
    }
    try {
      w.start();
    } catch (RuntimeException e) {
      // A watch that could not start (the client closed, say) is dropped: the next caller tries afresh.
      synchronized (this) {
        watches.remove(role, w);
      }
      throw e;
    }
    return w;
  }

  @Override
  public void close() {
    List<RoleWatch> all;
    synchronized (this) {
      all = new ArrayList<>(watches.values());
      watches.clear();
    }
    all.forEach(RoleWatch::close);
    events.shutdownNow();
  }

  /**
   * One role's watch. Made under the membership's lock, which it does not need after: its first
   * caller does the ZooKeeper work (the parent znode, the cache, the wait for its first read) with
   * no lock held, and the role's other callers wait for that caller, not for other roles.
   */
  private final class RoleWatch {
    final String parent;
    /** Copy-on-write: any thread adds, the events thread reads. */
    final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    /** Counted down when the cache has read every child once. */
    final CountDownLatch initialized = new CountDownLatch(1);
    /** Counted down when the first caller is done waiting for that read (it came, or took too long), or at close. */
    final CountDownLatch settled = new CountDownLatch(1);
    /** Whether a caller has begun the start; guarded by this watch. */
    private boolean starting;
    /** Whether close came; guarded by this watch. */
    private boolean closed;
    /** Set once, started, under this watch's monitor unless closed; null before. Thread-safe (Curator). */
    private volatile CuratorCache cache;

    RoleWatch(String parent) {
      this.parent = parent;
    }

    /** The first caller starts the watch; every caller returns once the first read is in or the first caller gave up on it. */
    void start() {
      if (settled.getCount() == 0) {
        return;
      }
      boolean first;
      synchronized (this) {
        first = !starting;
        starting = true;
      }
      if (!first) {
        try {
          // The first caller's wait is bounded, and so is this one.
          settled.await(2 * INITIAL_SYNC_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      try {
        open();
      } finally {
        settled.countDown();
      }
    }

    private void open() {
      if (member) {
        try {
          client.createContainers(parent);
        } catch (Exception e) {
          LOG.warn("Cannot create {} yet ({}); watching it anyway", parent, e.toString());
        }
      }
      CuratorCache c = CuratorCache.build(client, parent);
      c.listenable().addListener(CuratorCacheListener.builder()
          .forCreates(d -> child(d).ifPresent(n -> deliver(l -> l.joined(n))))
          .forChanges((before, after) -> child(after).ifPresent(n -> deliver(l -> l.updated(n))))
          .forDeletes(d -> child(d).ifPresent(n -> {
            // calls waiting on a member ZooKeeper declared gone would wait out the read timeout
            OpenConnections.cut(n.endpoint());
            deliver(l -> l.left(n));
          }))
          .forInitialized(initialized::countDown)
          .build());
      synchronized (this) {
        if (closed) {
          return;
        }
        // Under this watch's monitor so that close cannot come between: it closes what was started.
        // Starting only queues the reads, which run in Curator's background.
        c.start();
        cache = c;
      }
      try {
        if (!initialized.await(INITIAL_SYNC_MS, TimeUnit.MILLISECONDS)) {
          LOG.warn("Initial read of {} is taking long; the node list may be incomplete", parent);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void close() {
      CuratorCache c;
      synchronized (this) {
        closed = true;
        c = cache;
      }
      if (c != null) {
        c.close();
      }
      settled.countDown();
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
      CuratorCache c = cache;
      if (c == null) {
        // Closed before it started, or its parent could not be watched: nothing is known.
        return out;
      }
      c.stream().forEach(d -> child(d).ifPresent(out::add));
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
