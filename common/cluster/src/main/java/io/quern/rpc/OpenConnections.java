package io.quern.rpc;

import io.quern.net.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RPC client sockets this process has open, by the endpoint they reach. A process that learns
 * from ZooKeeper that an endpoint is gone (its member's znode vanished, or its leadership passed to
 * another master) cuts them: a call waiting on a host that a partition has cut off then fails at
 * once, and a retrying proxy moves to the endpoint ZooKeeper names now, instead of waiting out the
 * read timeout (a minute) on a host that may never answer.
 */
public final class OpenConnections {
  private static final Logger LOG = LogManager.getLogger(OpenConnections.class);
  /** A concurrent map of concurrent sets: any thread opens, closes and cuts. */
  private static final ConcurrentHashMap<HostPort, Set<Socket>> BY_ENDPOINT = new ConcurrentHashMap<>();

  private OpenConnections() {}

  static void opened(HostPort endpoint, Socket socket) {
    BY_ENDPOINT.computeIfAbsent(endpoint, e -> ConcurrentHashMap.newKeySet()).add(socket);
  }

  static void closed(HostPort endpoint, Socket socket) {
    BY_ENDPOINT.computeIfPresent(endpoint, (e, sockets) -> {
      sockets.remove(socket);
      return sockets.isEmpty() ? null : sockets;
    });
  }

  /**
   * Closes every client socket to {@code endpoint}: calls in flight there fail with a socket
   * error, which a proxy retries for idempotent methods. Returns how many were open.
   */
  public static int cut(HostPort endpoint) {
    Set<Socket> sockets = BY_ENDPOINT.remove(endpoint);
    if (sockets == null) {
      return 0;
    }
    int n = 0;
    for (Socket s : sockets) {
      try {
        s.close();
        n++;
      } catch (IOException e) {
        LOG.debug("closing a connection to {}: {}", endpoint, e.toString());
      }
    }
    if (n > 0) {
      LOG.info("Cut {} connection(s) to {}, which ZooKeeper says is gone", n, endpoint);
    }
    return n;
  }

  /** How many client sockets to {@code endpoint} are open (for tests). */
  public static int count(HostPort endpoint) {
    Set<Socket> sockets = BY_ENDPOINT.get(endpoint);
    return sockets == null ? 0 : sockets.size();
  }
}
