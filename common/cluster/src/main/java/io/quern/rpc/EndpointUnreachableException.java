package io.quern.rpc;

import io.quern.net.HostPort;
import java.net.ConnectException;

/**
 * A connection to a daemon's advertised address could not be opened. Thrown by {@link
 * TimeoutClientSocketFactory} so that the address in the error is the one really dialled: RMI's
 * own wrapper names the host recorded in the stub, which is not where our factory connects.
 * A {@link ConnectException}, so RMI reports it as a {@link java.rmi.ConnectException}.
 */
public final class EndpointUnreachableException extends ConnectException {
  private final HostPort endpoint;
  private final String reason;

  public EndpointUnreachableException(HostPort endpoint, String reason, Throwable cause) {
    super("cannot connect to " + endpoint + ": " + reason);
    this.endpoint = endpoint;
    this.reason = reason;
    initCause(cause);
  }

  public HostPort endpoint() {
    return endpoint;
  }

  /** Why, in a few lower-case words: "connection refused", "no connection within 5000 ms". */
  public String reason() {
    return reason;
  }
}
