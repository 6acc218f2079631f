package io.quern.rpc;

import io.quern.security.JobSubject;
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
  /**
   * The authenticated identity of one connection; {@code jobId} and {@code user} are those of
   * the job token a JOB caller proved (the user who submitted the job), null otherwise.
   */
  public record Caller(Kind kind, String jobId, String user) {
    /** CLUSTER: proved the cluster secret. JOB: proved a job token. ANONYMOUS: security disabled. */
    public enum Kind { CLUSTER, JOB, ANONYMOUS }

    static final Caller CLUSTER = new Caller(Kind.CLUSTER, null, null);
    static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, null, null);

    static Caller job(JobSubject subject) {
      return new Caller(Kind.JOB, subject.jobId(), subject.user());
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

  /**
   * The user a JOB caller's token was issued for: the job's submitter, as proved by the
   * handshake. Empty for cluster members and local calls, which name their user themselves.
   */
  public static Optional<String> currentJobUser() {
    Caller c = CURRENT.get();
    return c != null && c.kind() == Caller.Kind.JOB ? Optional.of(c.user()) : Optional.empty();
  }

  /**
   * The user a call acts as: the proved user of a JOB caller, whatever it claims; otherwise
   * {@code claimed}, which cluster members (holders of the secret) are trusted to tell.
   */
  public static String effectiveUser(String claimed) {
    return currentJobUser().orElse(claimed);
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
