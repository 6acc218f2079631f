package io.quern.security;

import io.quern.conf.Configuration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What this process proves itself with: the cluster secret (daemons, clients), a job token (child
 * task JVMs), or nothing (security disabled). One per process, {@link #install installed} at
 * start-up; the RMI socket factories read it when they open a connection, so stubs, which travel
 * between processes, never carry it.
 *
 * <p>Immutable; the installed instance is swapped atomically.
 */
public final class ClusterCredentials {
  /** How a process authenticates. */
  public enum Mode { DISABLED, CLUSTER, JOB }

  private static volatile ClusterCredentials installed;

  private final Mode mode;
  private final byte[] secret; // CLUSTER only
  private final JobToken token; // JOB only
  private final boolean encryption;

  private ClusterCredentials(Mode mode, byte[] secret, JobToken token, boolean encryption) {
    this.mode = mode;
    this.secret = secret;
    this.token = token;
    this.encryption = encryption;
  }

  /** No authentication: only for clusters with {@code quern.security.enabled=false}. */
  public static ClusterCredentials disabled() {
    return new ClusterCredentials(Mode.DISABLED, null, null, false);
  }

  /** Holds the cluster secret; {@code encryption} asks for encrypted connections. */
  public static ClusterCredentials ofSecret(byte[] secret, boolean encryption) {
    if (secret == null || secret.length < SecretFile.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a cluster secret has at least " + SecretFile.MIN_SECRET_BYTES + " bytes");
    }
    return new ClusterCredentials(Mode.CLUSTER, secret.clone(), null, encryption);
  }

  /** Holds only {@code token}: a child task JVM of that job. */
  public static ClusterCredentials ofJobToken(JobToken token, boolean encryption) {
    return new ClusterCredentials(Mode.JOB, null, token, encryption);
  }

  /**
   * The credentials {@code conf} describes, loading (never creating) the secret file.
   *
   * @throws SecretFile.MissingSecretException if security is on and there is no secret file
   */
  public static ClusterCredentials fromConf(Configuration conf) {
    if (!Security.enabled(conf)) {
      return disabled();
    }
    return ofSecret(SecretFile.load(SecretFile.path(conf)), Security.encryption(conf));
  }

  /** Makes {@code credentials} this process's; returns them. */
  public static ClusterCredentials install(ClusterCredentials credentials) {
    installed = credentials;
    return credentials;
  }

  /** {@link #install(ClusterCredentials) Installs} {@link #fromConf(Configuration)}. */
  public static ClusterCredentials install(Configuration conf) {
    return install(fromConf(conf));
  }

  /** The installed credentials, or those of {@code conf}, installed now, if there are none yet. */
  public static ClusterCredentials ensureInstalled(Configuration conf) {
    ClusterCredentials c = installed;
    if (c != null) {
      return c;
    }
    synchronized (ClusterCredentials.class) {
      return installed != null ? installed : install(conf);
    }
  }

  public static Optional<ClusterCredentials> installed() {
    return Optional.ofNullable(installed);
  }

  public Mode mode() {
    return mode;
  }

  public boolean enabled() {
    return mode != Mode.DISABLED;
  }

  /** Whether this side asks for encrypted connections (either side asking suffices). */
  public boolean encryption() {
    return encryption;
  }

  /** The job a {@link Mode#JOB} process belongs to. */
  public Optional<String> jobId() {
    return mode == Mode.JOB ? Optional.of(token.jobId()) : Optional.empty();
  }

  /** The job and user a {@link Mode#JOB} process acts for. */
  public Optional<JobSubject> subject() {
    return mode == Mode.JOB ? Optional.of(token.subject()) : Optional.empty();
  }

  /** When the job token of a {@link Mode#JOB} process stops being accepted, in epoch milliseconds. */
  public java.util.OptionalLong tokenExpiry() {
    return mode == Mode.JOB ? java.util.OptionalLong.of(token.expiresMillis()) : java.util.OptionalLong.empty();
  }

  /** What a {@link Mode#JOB} process's handshake claims: its job, user and token expiry. */
  Optional<String> claim() {
    return mode == Mode.JOB ? Optional.of(token.claim()) : Optional.empty();
  }

  /** The cluster secret; only for a server's side of the handshake. */
  byte[] secret() {
    if (mode != Mode.CLUSTER) {
      throw new IllegalStateException("this process holds no cluster secret (" + mode + ")");
    }
    return secret;
  }

  /** What the client side of the handshake proves knowledge of. */
  byte[] clientKey() {
    return switch (mode) {
      case CLUSTER -> secret;
      case JOB -> token.key();
      case DISABLED -> throw new IllegalStateException("security is disabled in this process");
    };
  }

  /**
   * The ZooKeeper digest credential {@code quern:base64(HMAC(secret, "zookeeper"))}: derived, so
   * that ZooKeeper (which stores only its SHA-1 digest) never sees the secret itself.
   */
  public String zooKeeperAuth() {
    byte[] password = Hmac.sha256(secret(), "zookeeper".getBytes(StandardCharsets.US_ASCII));
    return "quern:" + Base64.getEncoder().encodeToString(password);
  }

  @Override
  public String toString() {
    return "ClusterCredentials(" + mode + (mode == Mode.JOB ? " " + token.claim() : "")
        + (encryption ? ", encryption" : "") + ")";
  }
}
