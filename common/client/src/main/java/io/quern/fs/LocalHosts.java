package io.quern.fs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which DataNode hosts are this client's host, for short-circuit reads: the host the client
 * names itself ({@code quern.daemon.host}), and any address of this machine's network interfaces
 * other than loopback ones. Loopback addresses count only when named exactly, because a
 * pseudo-distributed cluster plays one host per 127.0.0.x address and such hosts share no files.
 * Answers are cached (a name lookup may be slow).
 */
final class LocalHosts {
  private final String self;
  /** A concurrent map: equal answers may be computed twice, harmlessly. */
  private final Map<String, Boolean> known = new ConcurrentHashMap<>();

  LocalHosts(String self) {
    this.self = self;
  }

  boolean isLocal(String host) {
    if (host.equals(self)) {
      return true;
    }
    return known.computeIfAbsent(host, LocalHosts::isInterfaceAddress);
  }

  private static boolean isInterfaceAddress(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return !a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
