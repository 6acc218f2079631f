package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One daemon's RMI endpoint: a registry and every object the daemon exports, all on one port
 * of one address, behind {@link SerialFilter} (and the JVM, for what it reads as a client,
 * behind {@link JvmSerialFilter}). Stubs carry a {@link TimeoutClientSocketFactory} that dials
 * the advertised host, so several daemons of one JVM can each have their own address.
 *
 * <p>With {@code quern.security.enabled} (the default) every connection, the registry's included,
 * must first prove the cluster secret of this process's {@link io.quern.security.ClusterCredentials} (installed from
 * the configuration here if the process has none yet); see {@link ServerConnection}. A peer
 * address holds at most {@code quern.rpc.max.connections.per.peer} connections.
 *
 * <p>Lifecycle: {@link #start()}, any number of {@link #export}, {@link #close()}; closing
 * unexports everything and frees the port. Methods are synchronized: they are rare and short.
 */
public final class RpcServer implements Closeable {
  private static final Logger LOG = LogManager.getLogger(RpcServer.class);
  private static final long PORT_RELEASE_WAIT_NANOS = 2_000_000_000L;

  private enum State { LATENT, STARTED, CLOSED }

  private final String bindHost;
  private final String advertisedHost;
  private final int requestedPort;
  private final TimeoutClientSocketFactory clientSockets;
  private final BoundServerSocketFactory serverSockets;
  private final SerialFilter filter;
  private final RpcMetrics metrics = new RpcMetrics();

  // all guarded by this
  private State state = State.LATENT;
  /** Guarded by this. */
  private int port;
  /** Guarded by this. */
  private Registry registry;
  /** Guarded by this. */
  private final Map<String, Remote> exported = new LinkedHashMap<>();
  /** The stubs bound under the exported names. Guarded by this. */
  private final Map<String, Remote> stubs = new LinkedHashMap<>();
  /** The registry check of this server, once it exports anything. Guarded by this. */
  private java.util.concurrent.ScheduledFuture<?> guard;

  /** Binds to and advertises {@code bindHost}; port 0 picks a free port at {@link #start()}. */
  public RpcServer(Configuration conf, String bindHost, int port) {
    this(conf, bindHost, bindHost, port, List.of());
  }

  /**
   * @param advertisedHost the address clients dial, which differs from {@code bindHost} when
   *     binding to a wildcard address
   * @param extraAllowedClasses class patterns this daemon's calls carry beyond {@link
   *     SerialFilter#ALLOWED}
   */
  public RpcServer(Configuration conf, String bindHost, String advertisedHost, int port,
      List<String> extraAllowedClasses) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
    if (isWildcard(bindHost) && bindHost.equals(advertisedHost)) {
      throw new IllegalArgumentException("cannot advertise the wildcard address " + bindHost
          + "; give the host clients should dial");
    }
    this.bindHost = bindHost;
    this.advertisedHost = advertisedHost;
    this.requestedPort = port;
    this.serverSockets = new BoundServerSocketFactory(bindHost,
        ConnectionGuard.fromConf(conf, advertisedHost));
    this.clientSockets = TimeoutClientSocketFactory.fromConf(conf, advertisedHost);
    this.filter = SerialFilter.fromConf(conf, extraAllowedClasses);
    JvmSerialFilter.install(conf); // for what this daemon reads as a client of others
  }

  /** Creates the registry and starts listening. */
  public synchronized RpcServer start() throws IOException {
    if (state != State.LATENT) {
      throw new IllegalStateException("RPC server on " + bindHost + " is " + state);
    }
    RegistryFilter.install(); // before the JVM's first registry: see RegistryFilter
    int chosen = requestedPort != 0 ? requestedPort : freePort();
    registry = LocateRegistry.createRegistry(chosen, clientSockets, serverSockets);
    port = chosen;
    state = State.STARTED;
    LOG.info("RPC server listening on {}:{}, advertised as {}", bindHost, port, endpoint());
    return this;
  }

  /**
   * Exports {@code impl} on this server's port and binds it under {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is already bound here
   */
  public synchronized <T extends Remote> void export(String name, T impl, Class<T> iface)
      throws RemoteException {
    if (state != State.STARTED) {
      throw new IllegalStateException("cannot export " + name + ": RPC server is " + state);
    }
    if (!iface.isInterface() || !iface.isInstance(impl)) {
      throw new IllegalArgumentException(impl.getClass().getName() + " does not implement " + iface.getName());
    }
    if (exported.containsKey(name)) {
      throw new IllegalArgumentException(name + " is already exported on " + endpoint());
    }
    // What is exported is the object seen through its interface, counted and timed per method.
    T served = metrics.instrument(name, impl, iface);
    Remote stub = UnicastRemoteObject.exportObject(served, port, clientSockets, serverSockets, filter);
    try {
      registry.bind(name, stub);
    } catch (AlreadyBoundException e) {
      UnicastRemoteObject.unexportObject(served, true);
      throw new IllegalArgumentException(name + " is already bound on " + endpoint(), e);
    }
    exported.put(name, served);
    stubs.put(name, stub);
    if (guard == null) {
      guard = GUARDS.scheduleWithFixedDelay(this::rebindRemoved, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
    LOG.info("Exported {} ({}) on {}", name, iface.getSimpleName(), endpoint());
  }

  /**
   * Checks the registry for its names, every second. A remote bind or rebind is refused (the
   * registry's filter reads no object, see {@link RegistryFilter}), but the JDK's registry lets
   * any caller on this host unbind a name, and tasks run on this host: a name unbound so is
   * bound again here within a second, and said in the log.
   */
  private synchronized void rebindRemoved() {
    if (state != State.STARTED) {
      return;
    }
    for (Map.Entry<String, Remote> e : stubs.entrySet()) {
      try {
        registry.lookup(e.getKey());
      } catch (NotBoundException gone) {
        try {
          registry.rebind(e.getKey(), e.getValue());
          LOG.warn("{} was unbound from the registry on {} by a remote caller; bound again", e.getKey(), endpoint());
        } catch (RemoteException ex) {
          LOG.warn("cannot bind {} again on {}: {}", e.getKey(), endpoint(), ex.toString());
        }
      } catch (RemoteException ex) {
        // a local registry call does not fail remotely
      }
    }
  }

  /** Runs the registry checks of every server of this JVM. */
  private static final java.util.concurrent.ScheduledExecutorService GUARDS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-guard");
        t.setDaemon(true);
        return t;
      });

  /**
   * Lets clients that hold only a job token (child task JVMs) connect, from now on; by default
   * they are refused at the handshake. Calls they make see their job in {@link
   * CallContext#currentJob()}; every object this server exports must then check it (e.g. {@link
   * CallContext#requireClusterMember()}) on calls a job's tasks must not make.
   */
  public synchronized RpcServer acceptJobTokens() {
    serverSockets.guard().acceptJobTokens(true);
    return this;
  }

  /** The calls this server has served, per protocol and method, for the daemon's {@code /metrics}. */
  public RpcMetrics metrics() {
    return metrics;
  }

  /** The port listened on; after {@link #start()}, the chosen one when 0 was asked for. */
  public synchronized int port() {
    return state == State.LATENT ? requestedPort : port;
  }

  /** Where clients reach this server: the advertised host and the port. */
  /** Connections this server holds open from {@code peer}, as counted at accept. */
  int openConnections(java.net.InetAddress peer) {
    return serverSockets.guard().openConnections(peer);
  }

  public synchronized HostPort endpoint() {
    return new HostPort(advertisedHost, port());
  }

  public String bindHost() {
    return bindHost;
  }

  /** Unbinds and forcibly unexports every object and the registry; the port is free after. */
  @Override
  public synchronized void close() {
    if (state != State.STARTED) {
      state = State.CLOSED;
      return;
    }
    state = State.CLOSED;
    if (guard != null) {
      guard.cancel(false);
    }
    stubs.clear();
    for (Map.Entry<String, Remote> e : exported.entrySet()) {
      try {
        registry.unbind(e.getKey());
      } catch (NotBoundException | RemoteException ignored) {
        // a local registry call: it cannot fail for a name we bound
      }
      unexport(e.getValue());
    }
    exported.clear();
    unexport(registry); // the last object on the port: RMI closes the listening socket
    serverSockets.guard().closeAll();
    awaitPortReleased();
    LOG.info("RPC server on {}:{} closed", bindHost, port);
  }

  /**
   * RMI closes its listening socket while its accept thread is still blocked in accept(); the
   * kernel lets go of the port only once that thread wakes up. Wait for it (briefly), so that a
   * daemon restarted in the same JVM can bind the port again right away.
   */
  @SuppressWarnings("try") // the probe only has to bind
  private void awaitPortReleased() {
    long deadline = System.nanoTime() + PORT_RELEASE_WAIT_NANOS;
    while (true) {
      try (ServerSocket probe = serverSockets.createServerSocket(port)) {
        return;
      } catch (IOException stillListening) {
        if (System.nanoTime() > deadline) {
          LOG.warn("Port {}:{} is still in use after closing the RPC server: {}", bindHost, port,
              stillListening.getMessage());
          return;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void unexport(Remote object) {
    try {
      UnicastRemoteObject.unexportObject(object, true);
    } catch (NoSuchObjectException ignored) {
      // already gone
    }
  }

  /**
   * A port that is free on the bind address now. Another process could take it before the
   * registry binds it; acceptable for the in-JVM clusters that ask for port 0.
   */
  private int freePort() throws IOException {
    try (ServerSocket probe = serverSockets.createServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static boolean isWildcard(String host) {
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized String toString() {
    return "RpcServer(" + bindHost + ":" + port() + ", advertised " + advertisedHost + ", " + state + ")";
  }
}
