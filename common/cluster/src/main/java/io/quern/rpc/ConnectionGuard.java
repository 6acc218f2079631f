package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.security.ClusterCredentials;
import io.quern.security.Handshake;
import io.quern.security.Security;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admission rules of one RPC server's port: how many connections one peer address may hold
 * open, and the handshake every connection must complete (unless security is disabled). Shared
 * by the listening socket (admission, in RMI's accept thread) and its connections (handshake, in
 * each connection's own thread).
 */
final class ConnectionGuard {
  static final String MAX_CONNECTIONS_PER_PEER_KEY = CoreKeys.RPC_MAX_CONNECTIONS_PER_PEER.name();

  private final ClusterCredentials credentials; // null: security disabled
  private final int handshakeTimeoutMs;
  /** How long a reply may stay blocked on a peer that stopped reading (cut off) before its connection closes. */
  private final int writeTimeoutMs;
  private final int maxPerPeer;
  private final RefusalLog refusals;
  /** Open connections per peer; a concurrent map, counted with compute. */
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
  /** Every admitted connection; a concurrent set. */
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean acceptJobTokens;

  ConnectionGuard(ClusterCredentials credentials, int handshakeTimeoutMs, int maxPerPeer, String where) {
    this(credentials, handshakeTimeoutMs, DEFAULT_WRITE_TIMEOUT_MS, maxPerPeer, where);
  }

  /** The RPC read timeout's default: a server's reply waits on a silent peer no longer than a client's call does. */
  private static final int DEFAULT_WRITE_TIMEOUT_MS = 60_000;

  ConnectionGuard(ClusterCredentials credentials, int handshakeTimeoutMs, int writeTimeoutMs, int maxPerPeer,
      String where) {
    if (credentials != null && credentials.mode() != ClusterCredentials.Mode.CLUSTER) {
      throw new IllegalStateException("this process holds " + credentials
          + ", not the cluster secret, so it cannot serve RPC with security enabled; call Security.initDaemon(conf) first");
    }
    if (maxPerPeer < 1 || handshakeTimeoutMs < 1 || writeTimeoutMs < 1) {
      throw new IllegalArgumentException("connection bounds must be positive");
    }
    this.credentials = credentials;
    this.handshakeTimeoutMs = handshakeTimeoutMs;
    this.writeTimeoutMs = writeTimeoutMs;
    this.maxPerPeer = maxPerPeer;
    this.refusals = new RefusalLog(where);
  }

  int writeTimeoutMs() {
    return writeTimeoutMs;
  }

  /** The guard {@code conf} describes; with security on, the process's installed credentials. */
  static ConnectionGuard fromConf(Configuration conf, String where) {
    int maxPerPeer = CoreKeys.RPC_MAX_CONNECTIONS_PER_PEER.getInt(conf);
    if (maxPerPeer < 1) {
      throw conf.bad(MAX_CONNECTIONS_PER_PEER_KEY, conf.get(MAX_CONNECTIONS_PER_PEER_KEY), "a positive number");
    }
    ClusterCredentials creds = Security.enabled(conf) ? ClusterCredentials.ensureInstalled(conf) : null;
    if (creds != null && !creds.enabled()) {
      throw new IllegalStateException("quern.security.enabled is true but this process installed credentials"
          + " with security disabled");
    }
    long writeTimeout = Math.min(Integer.MAX_VALUE, Math.max(1, CoreKeys.RPC_READ_TIMEOUT.millis(conf)));
    return new ConnectionGuard(creds, Security.handshakeTimeoutMs(conf), (int) writeTimeout, maxPerPeer, where);
  }

  boolean secure() {
    return credentials != null;
  }

  void acceptJobTokens(boolean accept) {
    this.acceptJobTokens = accept;
  }

  /** Counts a new connection from {@code peer}, or refuses it if the peer has too many. Accept thread. */
  boolean admit(InetAddress peer, int port) {
    boolean[] admitted = {false};
    open.compute(peer, (p, n) -> {
      int count = n == null ? 0 : n;
      if (count >= maxPerPeer) {
        return n;
      }
      admitted[0] = true;
      return count + 1;
    });
    if (!admitted[0]) {
      refusals.refused(peer, port, "it already holds " + maxPerPeer + " connections (" + MAX_CONNECTIONS_PER_PEER_KEY + ")");
    }
    return admitted[0];
  }

  /** Forgets one connection of {@code peer}; once per admitted connection. */
  void release(InetAddress peer, Socket connection) {
    connections.remove(connection);
    open.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
  }

  void track(Socket connection) {
    connections.add(connection);
  }

  /**
   * Closes every connection still open: RMI stops listening when a server's last object is
   * unexported, but leaves accepted connections to their clients, which would otherwise reuse
   * them against a server that is gone.
   */
  void closeAll() {
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  synchronized int openConnections(InetAddress peer) {
    return open.getOrDefault(peer, 0);
  }

  /** Runs the server side of the handshake on a connection's raw streams; its own thread. */
  Handshake.Session handshake(Socket socket, InputStream in, OutputStream out) throws IOException {
    if (credentials == null) {
      return Handshake.Session.plain();
    }
    return Handshake.server(socket, in, out, credentials, acceptJobTokens, handshakeTimeoutMs);
  }

  void refused(InetAddress peer, int port, String reason) {
    refusals.refused(peer, port, reason);
  }
}
