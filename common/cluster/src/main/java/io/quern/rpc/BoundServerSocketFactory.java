package io.quern.rpc;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

/**
 * Listens on one address only, so that several daemons of one machine (or one JVM) can use the
 * same port on different addresses. Equal factories share a listening socket per port inside
 * RMI, which is how a daemon's registry and its objects end up on one port.
 *
 * <p>Its sockets admit connections by the rules of a {@link ConnectionGuard}: a bound on
 * connections per peer and, with security enabled, the handshake. Factories are equal when they
 * bind the same host with the same guard instance: one per {@link RpcServer}.
 */
public final class BoundServerSocketFactory implements RMIServerSocketFactory {
  private static final int BACKLOG = 128;

  private final String bindHost;
  private final ConnectionGuard guard;

  /** A factory without authentication or per-peer bound, for tests of the plumbing. */
  BoundServerSocketFactory(String bindHost) {
    this(bindHost, new ConnectionGuard(null, 5_000, Integer.MAX_VALUE, bindHost));
  }

  BoundServerSocketFactory(String bindHost, ConnectionGuard guard) {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must not be empty");
    }
    this.bindHost = bindHost;
    this.guard = guard;
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new GuardedServerSocket(guard);
    try {
      socket.setReuseAddress(true); // a restarted daemon must not wait out TIME_WAIT
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port), BACKLOG);
      return socket;
    } catch (BindException e) {
      socket.close();
      BindException named = new BindException("cannot listen on " + bindHost + ":" + port + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  public String bindHost() {
    return bindHost;
  }

  ConnectionGuard guard() {
    return guard;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoundServerSocketFactory f && bindHost.equals(f.bindHost) && guard == f.guard;
  }

  @Override
  public int hashCode() {
    return bindHost.hashCode();
  }

  @Override
  public String toString() {
    return "BoundServerSocketFactory(" + bindHost + ")";
  }
}
