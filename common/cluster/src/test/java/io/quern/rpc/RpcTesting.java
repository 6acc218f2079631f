package io.quern.rpc;

import static org.junit.jupiter.api.Assertions.fail;

import io.quern.conf.Configuration;
import io.quern.net.HostPort;
import io.quern.protocol.PingServer;
import io.quern.protocol.Pingable;
import io.quern.security.TestSecurity;
import java.io.IOException;

/** Configuration and servers for the RPC integration tests: short timeouts, small bounds. */
final class RpcTesting {
  static final String NAME = "pinger";

  private RpcTesting() {}

  static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set(TimeoutClientSocketFactory.CONNECT_TIMEOUT_KEY, "1s");
    conf.set(TimeoutClientSocketFactory.READ_TIMEOUT_KEY, "5s");
    conf.set(ResilientProxy.RETRY_WINDOW_KEY, "5s");
    conf.set(SerialFilter.MAX_ARRAY_KEY, "1000");
    TestSecurity.secure(conf);
    TestSecurity.install();
    return conf;
  }

  /** A started server on {@code host} exporting {@code impl} as {@value #NAME}. */
  static RpcServer serve(Configuration conf, String host, int port, PingServer impl) throws IOException {
    RpcServer server = new RpcServer(conf, host, port).start();
    server.export(NAME, impl, Pingable.class);
    return server;
  }

  static Pingable lookup(HostPort endpoint) throws Exception {
    return RpcClient.lookup(conf(), endpoint, NAME, Pingable.class);
  }

  static <E extends Throwable> E causeOf(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return fail("no " + type.getSimpleName() + " in " + t);
  }
}
