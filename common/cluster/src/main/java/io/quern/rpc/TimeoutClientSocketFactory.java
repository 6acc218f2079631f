package io.quern.rpc;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.conf.DurationKey;
import io.quern.net.HostPort;
import io.quern.security.AuthenticationException;
import io.quern.security.ClusterCredentials;
import io.quern.security.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.rmi.server.RMIClientSocketFactory;
import java.util.Locale;
import java.util.Objects;

/**
 * The client socket factory every Quern stub carries. It connects to the daemon's advertised
 * host rather than to the host RMI recorded at export time ({@code java.rmi.server.hostname} is
 * JVM-wide, so it cannot tell apart several daemons of one JVM on different addresses), with a
 * connect timeout, a read timeout, a write timeout as long ({@link WriteDeadlines}), TCP_NODELAY and
 * keep-alive.
 *
 * <p>The factory travels inside stubs, so the timeouts are the exporting daemon's. Equality
 * covers every field: RMI pools connections per (host, port, factory).
 *
 * <p>With security enabled, every socket completes the client side of the {@link Handshake}
 * before RMI sees it, proving the {@link ClusterCredentials} installed in <em>this</em> process:
 * the factory itself carries no secret (nor any security setting a stranger's stub could turn
 * off); a process with no credentials installed cannot connect at all.
 */
public final class TimeoutClientSocketFactory implements RMIClientSocketFactory, Serializable {
  private static final long serialVersionUID = 1L;

  public static final String CONNECT_TIMEOUT_KEY = CoreKeys.RPC_CONNECT_TIMEOUT.name();
  public static final String READ_TIMEOUT_KEY = CoreKeys.RPC_READ_TIMEOUT.name();

  private final String advertisedHost;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;

  public TimeoutClientSocketFactory(String advertisedHost, int connectTimeoutMs, int readTimeoutMs) {
    this.advertisedHost = advertisedHost;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
    String problem = validate();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A factory for {@code advertisedHost} with the timeouts of {@code conf}. */
  public static TimeoutClientSocketFactory fromConf(Configuration conf, String advertisedHost) {
    return new TimeoutClientSocketFactory(advertisedHost,
        positiveMillis(conf, CoreKeys.RPC_CONNECT_TIMEOUT),
        positiveMillis(conf, CoreKeys.RPC_READ_TIMEOUT));
  }

  private static int positiveMillis(Configuration conf, DurationKey key) {
    long ms = key.millis(conf);
    if (ms < 1 || ms > Integer.MAX_VALUE) {
      throw conf.bad(key.name(), conf.get(key.name()), "a duration between 1ms and 24d");
    }
    return (int) ms;
  }

  /** Connects to the advertised host; {@code host} (the stub's recorded host) is ignored. */
  @Override
  public Socket createSocket(String host, int port) throws IOException {
    HostPort endpoint = new HostPort(advertisedHost, port);
    CappedTimeoutSocket socket = new CappedTimeoutSocket(readTimeoutMs, endpoint);
    try {
      socket.connect(new InetSocketAddress(advertisedHost, port), connectTimeoutMs);
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.setSoTimeout(readTimeoutMs);
    } catch (UnknownHostException e) {
      socket.close();
      throw e;
    } catch (IOException e) {
      socket.close();
      throw new EndpointUnreachableException(endpoint, reason(e), e);
    }
    try {
      socket.authenticate(credentials(), readTimeoutMs);
      OpenConnections.opened(endpoint, socket);
      return socket;
    } catch (AuthenticationException e) {
      socket.close();
      throw new AuthenticationException("cannot authenticate to " + endpoint + ": "
          + e.getMessage());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw new IOException("handshake with " + endpoint + " failed: " + e, e);
    }
  }

  private static ClusterCredentials credentials() throws AuthenticationException {
    return ClusterCredentials.installed().orElseThrow(() -> new AuthenticationException(
        "no cluster credentials are installed in this process (Security.initClient or initDaemon)"));
  }

  private String reason(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "no connection within " + connectTimeoutMs + " ms";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.toLowerCase(Locale.ROOT);
  }

  public String advertisedHost() {
    return advertisedHost;
  }

  public int connectTimeoutMs() {
    return connectTimeoutMs;
  }

  public int readTimeoutMs() {
    return readTimeoutMs;
  }

  private String validate() {
    if (advertisedHost == null || advertisedHost.isBlank()) {
      return "advertised host must not be empty";
    }
    if (connectTimeoutMs < 1 || readTimeoutMs < 1) {
      return "timeouts must be positive, got connect " + connectTimeoutMs + " ms, read " + readTimeoutMs + " ms";
    }
    return null;
  }

  // Deserialized from stubs sent by other processes: check what arrives.
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    String problem = validate();
    if (problem != null) {
      throw new InvalidObjectException(problem);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeoutClientSocketFactory f && advertisedHost.equals(f.advertisedHost)
        && connectTimeoutMs == f.connectTimeoutMs && readTimeoutMs == f.readTimeoutMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(advertisedHost, connectTimeoutMs, readTimeoutMs);
  }

  @Override
  public String toString() {
    return "TimeoutClientSocketFactory(" + advertisedHost + ", connect " + connectTimeoutMs
        + " ms, read " + readTimeoutMs + " ms)";
  }

  /**
   * A socket whose read timeout never exceeds ours, and whose streams are those of its handshake's
   * session (encrypting, when the session is).
   *
   * <p>The timeout cap: While RMI opens a connection it raises the
   * timeout to its handshake timeout ({@code sun.rmi.transport.tcp.handshakeTimeout}, one minute
   * by default), which would let a server that accepts and never answers hold a caller that long.
   */
  private static final class CappedTimeoutSocket extends Socket {
    private final int maxReadTimeoutMs;
    private final HostPort endpoint;

    /** Written once by authenticate, in createSocket, before RMI gets the socket (its hand-off publishes them); read by RMI after. */
    private InputStream in;
    /** Written once with in, as in. */
    private OutputStream out;

    CappedTimeoutSocket(int maxReadTimeoutMs, HostPort endpoint) {
      this.maxReadTimeoutMs = maxReadTimeoutMs;
      this.endpoint = endpoint;
    }

    @Override
    public synchronized void close() throws IOException {
      OpenConnections.closed(endpoint, this);
      super.close();
    }

    void authenticate(ClusterCredentials creds, int timeoutMs) throws IOException {
      InputStream rawIn = super.getInputStream();
      OutputStream rawOut = super.getOutputStream();
      Handshake.Session session = creds.enabled()
          ? Handshake.client(this, rawIn, rawOut, creds, timeoutMs) : Handshake.Session.plain();
      in = session.input(rawIn);
      // A write into a host cut off blocks as long as TCP retransmits: no longer than a read may wait.
      out = session.output(WriteDeadlines.guard(rawOut, this, maxReadTimeoutMs));
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return in != null && !isClosed() ? in : super.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return out != null && !isClosed() ? out : super.getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      super.setSoTimeout(timeout == 0 ? maxReadTimeoutMs : Math.min(timeout, maxReadTimeoutMs));
    }
  }
}
