package io.quern.security;

import io.quern.conf.Configuration;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of a process's security in one line: {@link #initDaemon} in every daemon's main,
 * {@link #initClient} in every client (CLI, JobClient), {@link #initChild} in a child task JVM.
 */
public final class Security {
  public static final String ENABLED_KEY = "quern.security.enabled";
  public static final String ENCRYPTION_KEY = "quern.security.encryption";
  public static final String HANDSHAKE_TIMEOUT_KEY = "quern.rpc.handshake.timeout";
  public static final long HANDSHAKE_TIMEOUT_DEFAULT_MS = 5_000;
  /** How long a job token a worker issues is good for; the worker renews it while the job runs there. */
  public static final String JOB_TOKEN_LIFETIME_KEY = "quern.security.job.token.lifetime";
  public static final long JOB_TOKEN_LIFETIME_DEFAULT_MS = 3_600_000;

  private Security() {}

  /** Loads the cluster secret, creating it on the first start of a cluster, and installs it. */
  public static ClusterCredentials initDaemon(Configuration conf) {
    if (!enabled(conf)) {
      return ClusterCredentials.install(ClusterCredentials.disabled());
    }
    return ClusterCredentials.install(ClusterCredentials.ofSecret(SecretFile.loadOrCreate(conf), encryption(conf)));
  }

  /**
   * Loads and installs the cluster secret.
   *
   * @throws SecretFile.MissingSecretException "no cluster secret at PATH; run bin/quern admin
   *     -gen-secret or start the cluster first"
   */
  public static ClusterCredentials initClient(Configuration conf) {
    return ClusterCredentials.install(conf);
  }

  /** Installs {@code token} as a child task JVM's only credential. */
  public static ClusterCredentials initChild(Configuration conf, JobToken token) {
    if (!enabled(conf)) {
      return ClusterCredentials.install(ClusterCredentials.disabled());
    }
    return ClusterCredentials.install(ClusterCredentials.ofJobToken(token, encryption(conf)));
  }

  /** A daemon's credentials for its endpoints: the installed cluster secret, or none with security off. */
  public static ClusterCredentials credentials(Configuration conf) {
    return enabled(conf) ? ClusterCredentials.ensureInstalled(conf) : ClusterCredentials.disabled();
  }

  public static boolean enabled(Configuration conf) {
    return conf.getBoolean(ENABLED_KEY, true);
  }

  public static boolean encryption(Configuration conf) {
    return conf.getBoolean(ENCRYPTION_KEY, false);
  }

  /** {@value #HANDSHAKE_TIMEOUT_KEY} in milliseconds, checked. */
  public static int handshakeTimeoutMs(Configuration conf) {
    long ms = conf.getTimeDuration(HANDSHAKE_TIMEOUT_KEY, HANDSHAKE_TIMEOUT_DEFAULT_MS, TimeUnit.MILLISECONDS);
    if (ms < 1 || ms > Integer.MAX_VALUE) {
      throw conf.bad(HANDSHAKE_TIMEOUT_KEY, conf.get(HANDSHAKE_TIMEOUT_KEY), "a positive duration such as 5s");
    }
    return (int) ms;
  }
}
