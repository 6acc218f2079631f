package io.quern.security;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;

/**
 * Start-up of a process's security in one line: {@link #initDaemon} in every daemon's main,
 * {@link #initClient} in every client (CLI, JobClient), {@link #initChild} in a child task JVM.
 */
public final class Security {
  public static final String ENABLED_KEY = CoreKeys.SECURITY_ENABLED.name();
  public static final String ENCRYPTION_KEY = CoreKeys.SECURITY_ENCRYPTION.name();
  public static final String HANDSHAKE_TIMEOUT_KEY = CoreKeys.RPC_HANDSHAKE_TIMEOUT.name();
  /** How long a job token a worker issues is good for; the worker renews it while the job runs there. */
  public static final String JOB_TOKEN_LIFETIME_KEY = CoreKeys.SECURITY_JOB_TOKEN_LIFETIME.name();

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
    return CoreKeys.SECURITY_ENABLED.getBoolean(conf);
  }

  public static boolean encryption(Configuration conf) {
    return CoreKeys.SECURITY_ENCRYPTION.getBoolean(conf);
  }

  /** {@code quern.rpc.handshake.timeout} in milliseconds, checked. */
  public static int handshakeTimeoutMs(Configuration conf) {
    long ms = CoreKeys.RPC_HANDSHAKE_TIMEOUT.millis(conf);
    if (ms < 1 || ms > Integer.MAX_VALUE) {
      throw conf.bad(HANDSHAKE_TIMEOUT_KEY, conf.get(HANDSHAKE_TIMEOUT_KEY), "a positive duration such as 5s");
    }
    return (int) ms;
  }
}
