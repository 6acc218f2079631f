package io.quern.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The listening socket of an RPC server. {@link #accept()} runs in RMI's one accept thread per
 * port, so it does only what is instant: it counts the peer's open connections and closes one
 * past {@code quern.rpc.max.connections.per.peer} at once (with a reset). The handshake happens
 * later, in the connection's own thread: see {@link ServerConnection}.
 */
final class GuardedServerSocket extends ServerSocket {
  private final ConnectionGuard guard;

  GuardedServerSocket(ConnectionGuard guard) throws IOException {
    this.guard = guard;
  }

  @Override
  public Socket accept() throws IOException {
    while (true) {
      ServerConnection s = new ServerConnection(guard);
      implAccept(s);
      InetAddress peer = s.getInetAddress();
      if (guard.admit(peer, getLocalPort())) {
        s.admitted(peer);
        return s;
      }
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // it is gone either way
      }
    }
  }
}
