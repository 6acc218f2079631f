package io.quern.cluster.zk;

import io.quern.cluster.ClusterLayout;
import io.quern.cluster.Coordination;
import io.quern.cluster.LeaderElection;
import io.quern.cluster.Membership;
import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.net.HostPort;
import io.quern.security.ClusterCredentials;
import io.quern.security.SecretFile;
import io.quern.security.Security;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One process's connection to the cluster's ZooKeeper: the Curator client, the znode layout,
 * and factories for membership, election and the leader view. The only entry into Curator;
 * everything above it sees {@link Membership} and {@link LeaderElection}.
 */
public final class ZkCluster implements Coordination {
  private static final Logger LOG = LogManager.getLogger(ZkCluster.class);

  private final CuratorFramework client;
  private final ClusterLayout layout;
  /** Whether this session holds the cluster secret and so may create znodes (with Quern's ACL). */
  private final boolean member;
  private final String quorum;
  /** Copy-on-write: added by any thread, run by ZooKeeper's event thread. */
  private final List<Runnable> sessionExpiryListeners = new CopyOnWriteArrayList<>();
  private volatile ZkMembership membership;
  private volatile ZkLeaderView leaderView;
  /** The instances connected and not closed yet, for {@link ZkSessionsAtExit}. Thread-safe (a concurrent set). */
  private static final Set<ZkCluster> OPEN = ConcurrentHashMap.newKeySet();

  private ZkCluster(CuratorFramework client, ClusterLayout layout, String quorum, boolean member) {
    this.client = client;
    this.layout = layout;
    this.quorum = quorum;
    this.member = member;
  }

  /**
   * Connects, waiting at most {@code quern.zookeeper.connection.timeout} for the first connection.
   * With {@code quern.security.enabled}, the session authenticates with the digest identity
   * derived from the cluster secret (this process's {@link ClusterCredentials}, installed from
   * {@code conf} if there are none yet) and every znode it creates gets {@link ZkAcls}: only
   * holders of the secret may change or delete Quern's znodes. A process holding only a job token
   * connects without authentication and can only read.
   */
  public static ZkCluster connect(Configuration conf) throws ZkUnavailableException {
    return connect(conf, false);
  }

  /**
   * Like {@link #connect}, for tools that only read (e.g. {@code admin -report}): without a
   * cluster secret on this machine it connects unauthenticated, which Quern's ACLs let read.
   */
  public static ZkCluster connectForReading(Configuration conf) throws ZkUnavailableException {
    return connect(conf, true);
  }

  private static ZkCluster connect(Configuration conf, boolean readOnlyWithoutSecret) throws ZkUnavailableException {
    String quorum = CoreKeys.ZOOKEEPER_QUORUM.get(conf);
    if (quorum == null) {
      throw conf.bad(CoreKeys.ZOOKEEPER_QUORUM.name(), "", "a host:port list of ZooKeeper servers");
    }
    int sessionMs = (int) CoreKeys.ZOOKEEPER_SESSION_TIMEOUT.get(conf, TimeUnit.MILLISECONDS);
    long connectMs = CoreKeys.ZOOKEEPER_CONNECTION_TIMEOUT.get(conf, TimeUnit.MILLISECONDS);
    int baseMs = (int) CoreKeys.ZOOKEEPER_RETRY_BASE.get(conf, TimeUnit.MILLISECONDS);
    int retries = CoreKeys.ZOOKEEPER_RETRY_MAX.getInt(conf);
    ClusterLayout layout = ClusterLayout.fromConf(conf);
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(quorum)
        .sessionTimeoutMs(sessionMs)
        .connectionTimeoutMs((int) Math.min(connectMs, sessionMs))
        .retryPolicy(new ExponentialBackoffRetry(baseMs, retries, 5_000));
    ZkAcls acls = null;
    if (Security.enabled(conf)) {
      ClusterCredentials creds;
      try {
        creds = ClusterCredentials.ensureInstalled(conf);
      } catch (SecretFile.MissingSecretException e) {
        if (!readOnlyWithoutSecret) {
          throw e;
        }
        creds = ClusterCredentials.disabled(); // not installed: only this session reads anonymously
      }
      if (creds.mode() == ClusterCredentials.Mode.CLUSTER) {
        String auth = creds.zooKeeperAuth();
        acls = new ZkAcls(auth, layout.root());
        builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8)).aclProvider(acls);
      }
    }
    CuratorFramework client = builder.build();
    ZkCluster cluster = new ZkCluster(client, layout, quorum, acls != null || !Security.enabled(conf));
    client.getConnectionStateListenable().addListener((c, state) -> cluster.onStateChange(state));
    client.start();
    try {
      if (!client.blockUntilConnected((int) connectMs, TimeUnit.MILLISECONDS)) {
        client.close();
        throw new ZkUnavailableException("Cannot connect to ZooKeeper at " + quorum + " within "
            + connectMs + " ms (is it running? bin/zookeeper.sh start)");
      }
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw new ZkUnavailableException("Interrupted while connecting to ZooKeeper at " + quorum);
    }
    if (acls != null) {
      try {
        cluster.checkRootIsOurs(acls);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    OPEN.add(cluster);
    return cluster;
  }

  /**
   * Does the one-time work of the ZooKeeper client's classes ahead of a first {@link #connect},
   * which would otherwise do it in line: ZooKeeper's class gathers the client's environment for
   * its log (host name, memory, file descriptors) and Curator's looks up the local address; a
   * client configuration reads ZooKeeper's TLS defaults, for which the JVM loads its security
   * providers and its TLS stack (~100 ms of CPU), TLS in use or not. For a process that will
   * connect, on a spare thread while it does other work; a connect meanwhile waits for it.
   */
  public static void prepareClientClasses() {
    for (Class<?> c : List.of(org.apache.zookeeper.ZooKeeper.class, CuratorFrameworkFactory.class)) {
      try {
        Class.forName(c.getName(), true, c.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e); // cannot happen: the class is loaded
      }
    }
    new org.apache.zookeeper.client.ZKClientConfig();
  }

  /**
   * The cluster's root znode must be Quern's: made with its ACL (created here if missing), and
   * changeable by no one else. Whoever may write or delete under it could unregister daemons and
   * register impostors, so a root someone else made, or opened, is refused.
   */
  private void checkRootIsOurs(ZkAcls acls) {
    String root = layout.root();
    List<org.apache.zookeeper.data.ACL> acl;
    try {
      try {
        client.create().creatingParentsIfNeeded().forPath(root);
      } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
        // made before: by this cluster, it is to be hoped; the ACL says
      }
      acl = client.getACL().forPath(root);
    } catch (Exception e) {
      throw new io.quern.conf.ConfigurationException("Cannot check the ACL of the cluster's ZooKeeper node " + root
          + ": " + e.getMessage(), e);
    }
    for (org.apache.zookeeper.data.ACL a : acl) {
      boolean digest = a.getId().getScheme().equals("digest");
      if ((digest && acls.isOurs(a.getId())) || (a.getPerms() & ~org.apache.zookeeper.ZooDefs.Perms.READ) == 0) {
        continue; // ours, or someone's who may only read
      }
      if (digest) {
        throw new io.quern.conf.ConfigurationException("Refusing to run under the ZooKeeper node " + root
            + ": it belongs to a cluster with another secret (this process's cluster secret is not the one that"
            + " made it); use that cluster's secret, or choose another quern.cluster.id");
      } else {
        throw new io.quern.conf.ConfigurationException("Refusing to run under the ZooKeeper node " + root + ": "
            + a.getId().getScheme() + ":" + a.getId().getId() + " may change it (permissions " + perms(a.getPerms())
            + "), so it could unregister daemons and register impostors; delete the node (it holds only what the"
            + " running cluster re-creates) or choose another quern.cluster.id");
      }
    }
  }

  private static String perms(int p) {
    StringBuilder b = new StringBuilder();
    b.append((p & org.apache.zookeeper.ZooDefs.Perms.CREATE) != 0 ? 'c' : '-');
    b.append((p & org.apache.zookeeper.ZooDefs.Perms.DELETE) != 0 ? 'd' : '-');
    b.append((p & org.apache.zookeeper.ZooDefs.Perms.READ) != 0 ? 'r' : '-');
    b.append((p & org.apache.zookeeper.ZooDefs.Perms.WRITE) != 0 ? 'w' : '-');
    b.append((p & org.apache.zookeeper.ZooDefs.Perms.ADMIN) != 0 ? 'a' : '-');
    return b.toString();
  }

  private void onStateChange(ConnectionState state) {
    switch (state) {
      case SUSPENDED -> LOG.warn("ZooKeeper connection to {} suspended; retrying", quorum);
      case RECONNECTED -> LOG.info("ZooKeeper connection to {} re-established", quorum);
      case LOST -> {
        LOG.warn("ZooKeeper session lost (expired); registrations are re-created on reconnect");
        sessionExpiryListeners.forEach(ZkCluster::runQuietly);
      }
      default -> { }
    }
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("Session-expiry listener failed", e);
    }
  }

  /** Runs {@code listener} when this process's session has expired (its ephemerals are gone). */
  @Override
  public void addSessionExpiryListener(Runnable listener) {
    sessionExpiryListeners.add(listener);
  }

  public CuratorFramework curator() {
    return client;
  }

  public ClusterLayout layout() {
    return layout;
  }

  public String quorum() {
    return quorum;
  }

  public boolean isConnected() {
    return client.getZookeeperClient().isConnected();
  }

  @Override
  public synchronized Membership membership() {
    if (membership == null) {
      membership = new ZkMembership(client, layout, member);
    }
    return membership;
  }

  @Override
  public LeaderElection masterElection(HostPort self) {
    return new ZkLeaderElection(client, layout, self);
  }

  @Override
  public synchronized LeaderElection.View leaderView() {
    if (leaderView == null) {
      leaderView = new ZkLeaderView(client, layout);
      leaderView.addListener(new DeposedLeaderCuts(leaderView.leader()));
    }
    return leaderView;
  }

  /** The instances of this process connected and not closed yet. */
  static List<ZkCluster> openInstances() {
    return List.copyOf(OPEN);
  }

  /** The ZooKeeper handle of the session now, or null when Curator has none (closed, or between sessions). */
  org.apache.zookeeper.ZooKeeper sessionHandle() {
    try {
      return client.getZookeeperClient().getZooKeeper();
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Ends the session and stops the client, without first removing the caches' watches one by
   * one as {@link #close} does: the session's end drops them on the server. For a process about
   * to exit, whose caches nobody reads again.
   */
  void closeSessionOnly() {
    OPEN.remove(this);
    client.close();
  }

  @Override
  public void close() {
    OPEN.remove(this);
    ZkMembership m;
    ZkLeaderView v;
    synchronized (this) {
      m = membership;
      v = leaderView;
    }
    if (m != null) {
      m.close();
    }
    if (v != null) {
      v.close();
    }
    client.close();
  }
}
