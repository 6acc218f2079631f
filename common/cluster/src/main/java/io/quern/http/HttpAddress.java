package io.quern.http;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.net.HostPort;

/** Reads a daemon's status page address ({@code host:port}, port 0 for any free one) from its configuration. */
public final class HttpAddress {
  private HttpAddress() {}

  /**
   * The address under {@code key}; when unset, {@code quern.daemon.host} with {@code defaultPort}.
   *
   * @throws io.quern.conf.ConfigurationException naming the key when the value is not host:port
   */
  public static HostPort fromConf(Configuration conf, String key, int defaultPort) {
    String v = conf.getTrimmed(key);
    if (v == null) {
      return new HostPort(CoreKeys.DAEMON_HOST.get(conf), defaultPort);
    }
    try {
      HostPort hp = HostPort.parse(v);
      if (hp.port() < 0 || hp.port() > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
      return hp;
    } catch (RuntimeException e) {
      throw conf.bad(key, v, "host:port (port 0 picks a free one)");
    }
  }

  /** What others should dial for a server bound to {@code bound}: the daemon's host instead of a wildcard. */
  public static HostPort advertised(HostPort bound, String daemonHost) {
    try {
      if (java.net.InetAddress.getByName(bound.host()).isAnyLocalAddress()) {
        return new HostPort(daemonHost, bound.port());
      }
    } catch (java.io.IOException e) {
      // an unresolvable name is advertised as given
    }
    return bound;
  }
}
