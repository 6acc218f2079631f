package io.quern.rpc;

import io.quern.security.AuthenticationException;
import java.io.EOFException;
import java.io.InvalidClassException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.ServerError;
import java.rmi.ServerException;

/** One-sentence descriptions of remote-call failures, for users; the log keeps the trace. */
public final class RpcErrors {
  private RpcErrors() {}

  /** E.g. "cannot reach 127.0.0.1:9000: connection refused". */
  public static String describe(Throwable t) {
    return describe(null, t);
  }

  /** E.g. "cannot reach namenode at 127.0.0.1:9000: connection refused"; {@code service} may be null. */
  public static String describe(String service, Throwable t) {
    String who = service == null ? "the server" : service;
    EndpointUnreachableException unreachable = find(t, EndpointUnreachableException.class);
    if (unreachable != null) {
      return "cannot reach " + (service == null ? "" : service + " at ") + unreachable.endpoint()
          + ": " + unreachable.reason();
    }
    java.net.UnknownHostException unknownHost = find(t, java.net.UnknownHostException.class);
    if (unknownHost != null) {
      return "cannot reach " + who + ": unknown host " + unknownHost.getMessage();
    }
    AuthenticationException denied = find(t, AuthenticationException.class);
    if (denied != null) {
      return denied.getMessage();
    }
    InvalidClassException refused = find(t, InvalidClassException.class);
    if (refused != null) {
      // RMI wraps what failed in the server thread, the arguments' filter included, in a
      // ServerException; our own filter's refusal of the answer comes unwrapped
      return find(t, ServerException.class) != null ? who + " refused the call's arguments: " + refused.getMessage()
          : "refused what " + who + " answered: " + refused.getMessage();
    }
    if (find(t, SocketTimeoutException.class) != null) {
      return who + " did not answer within the read timeout";
    }
    if (find(t, EOFException.class) != null || find(t, SocketException.class) != null) {
      return "the connection to " + who + " broke during the call: " + messageOf(rootOf(t));
    }
    if (find(t, NoSuchObjectException.class) != null || find(t, NotBoundException.class) != null) {
      return who + " is not serving here (" + messageOf(rootOf(t)) + ")";
    }
    if (t instanceof ServerError) {
      return who + " failed with " + messageOf(rootOf(t));
    }
    return messageOf(rootOf(t));
  }

  private static <E extends Throwable> E find(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable rootOf(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String messageOf(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
