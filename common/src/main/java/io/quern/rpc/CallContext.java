package io.quern.rpc;

import java.rmi.AccessException;
import java.util.Optional;

/**
 * Who is calling, for code running inside a remote call: the identity the connection's
 * handshake established. RMI reads a call from its connection and runs it on that connection's
 * own thread (which is also how {@link java.rmi.server.RemoteServer#getClientHost()} works), and
 * our server sockets set this thread's context on every read of the connection, so during a call
 * it always names the connection the call arrived on.
 *
 * <p>Outside a remote call (a local call into the same object, a test) there is no context:
 * {@link #current()} is empty and the checks pass, since the caller is this process.
 */
public final class CallContext {
  /** The authenticated identity of one connection. */
  public record Caller(Kind kind, String jobId) {
    /** CLUSTER: proved the cluster secret. JOB: proved a job token. ANONYMOUS: security disabled. */
    public enum Kind { CLUSTER, JOB, ANONYMOUS }

    static final Caller CLUSTER = new Caller(Kind.CLUSTER, null);
    static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, null);

    static Caller job(String jobId) {
      return new Caller(Kind.JOB, jobId);
    }
  }

  private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

  private CallContext() {}

  static void set(Caller caller) {
    CURRENT.set(caller);
  }

  /** The caller of the remote call running on this thread, if any. */
  public static Optional<Caller> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The job whose token the current caller proved; empty for cluster members and local calls. */
  public static Optional<String> currentJob() {
    Caller c = CURRENT.get();
    return c != null && c.kind() == Caller.Kind.JOB ? Optional.of(c.jobId()) : Optional.empty();
  }

  /** Refuses a caller that holds only a job token. */
  public static void requireClusterMember() throws AccessException {
    Caller c = CURRENT.get();
    if (c != null && c.kind() == Caller.Kind.JOB) {
      throw new AccessException("a task of job " + c.jobId() + " may not make this call");
    }
  }

  /** Refuses a caller holding the token of a job other than {@code jobId}. */
  public static void requireJob(String jobId) throws AccessException {
    Caller c = CURRENT.get();
    if (c != null && c.kind() == Caller.Kind.JOB && !c.jobId().equals(jobId)) {
      throw new AccessException("a task of job " + c.jobId() + " may not act for job " + jobId);
    }
  }
}
