package io.quern.http;

import io.quern.net.HostPort;
import java.io.IOException;

/**
 * What every daemon's status pages share: the server, its registry of metrics served at
 * {@code /metrics}, and the server's life. A daemon's subclass adds its pages.
 *
 * @param <S> the subclass, which {@link #start} returns for chaining
 */
public abstract class DaemonHttp<S extends DaemonHttp<S>> implements AutoCloseable {
  protected final StatusServer server;
  protected final DaemonMetrics metrics = new DaemonMetrics();

  protected DaemonHttp(String daemon, HostPort bind) {
    server = new StatusServer(daemon, bind);
    server.page("/metrics", metrics.page());
  }

  @SuppressWarnings("unchecked")
  public S start() throws IOException {
    server.start();
    return (S) this;
  }

  public HostPort endpoint() {
    return server.endpoint();
  }

  public DaemonMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.close();
  }
}
