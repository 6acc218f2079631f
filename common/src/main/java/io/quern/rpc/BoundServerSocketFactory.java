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
 */
public final class BoundServerSocketFactory implements RMIServerSocketFactory {
  private static final int BACKLOG = 128;

  private final String bindHost;

  public BoundServerSocketFactory(String bindHost) {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must not be empty");
    }
    this.bindHost = bindHost;
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
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

  @Override
  public boolean equals(Object o) {
    return o instanceof BoundServerSocketFactory f && bindHost.equals(f.bindHost);
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
