package io.quern.net;

import java.net.InetSocketAddress;
import java.net.URI;

/** Socket addresses from the forms configuration holds them in. */
public final class NetUtils {
  private NetUtils() {}

  /** {@code host:port}, {@code [v6addr]:port} or a URI with host and port ({@code qfs://nn:9000/}). */
  public static InetSocketAddress createSocketAddr(String target) {
    return createSocketAddr(target, -1);
  }

  /**
   * {@code host[:port]} or a URI {@code scheme://host[:port]/...}; a target without a port gets
   * {@code defaultPort} (an error if that is negative). The host is resolved if it can be; an
   * address whose host does not resolve is returned unresolved, as Hadoop does.
   */
  public static InetSocketAddress createSocketAddr(String target, int defaultPort) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("Target address cannot be empty.");
    }
    String t = target.trim();
    String host;
    int port;
    if (t.contains("://")) {
      URI uri = URI.create(t);
      host = uri.getHost();
      port = uri.getPort();
      if (host == null) {
        throw new IllegalArgumentException("'" + target + "' names no host.");
      }
    } else if (t.lastIndexOf(':') > t.lastIndexOf(']')) {
      HostPort hp = HostPort.parse(t);
      host = hp.host();
      port = hp.port();
    } else {
      host = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
      port = -1;
    }
    if (port < 0) {
      if (defaultPort < 0) {
        throw new IllegalArgumentException("'" + target + "' has no port and no default port was given.");
      }
      port = defaultPort;
    }
    return new InetSocketAddress(host, port);
  }

  /** {@code host:port} of {@code address}, by name if it has one. */
  public static String getHostPortString(InetSocketAddress address) {
    return new HostPort(address.getHostString(), address.getPort()).toString();
  }
}
