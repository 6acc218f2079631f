package io.quern.rpc;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Warns about refused connections at most once per peer address per minute, counting the
 * refusals it kept quiet about, so that a peer hammering the port cannot flood the log. The
 * table is bounded: past {@value #MAX_PEERS} addresses it starts over.
 */
final class RefusalLog {
  private static final Logger LOG = LogManager.getLogger(RpcServer.class);
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int MAX_PEERS = 10_000;

  private record Entry(long lastNanos, int suppressed) {}

  /** A concurrent map of immutable entries, replaced with compute. */
  private final ConcurrentHashMap<InetAddress, Entry> peers = new ConcurrentHashMap<>();
  private final String where;

  RefusalLog(String where) {
    this.where = where;
  }

  /** Logs "Refused a connection from PEER to WHERE: REASON; closed it" unless done for PEER lately. */
  void refused(InetAddress peer, int port, String reason) {
    if (peers.size() > MAX_PEERS) {
      peers.clear();
    }
    long now = System.nanoTime();
    int[] quiet = {-1};
    peers.compute(peer, (p, e) -> {
      if (e == null || now - e.lastNanos() >= INTERVAL_NANOS) {
        quiet[0] = e == null ? 0 : e.suppressed();
        return new Entry(now, 0);
      }
      return new Entry(e.lastNanos(), e.suppressed() + 1);
    });
    if (quiet[0] >= 0) {
      LOG.warn("Refused a connection from {} to RPC server {}:{}: {}; closed it{}", peer.getHostAddress(), where,
          port, reason, quiet[0] == 0 ? "" : " (" + quiet[0] + " more refusals from it in the last minute not logged)");
    }
  }
}
