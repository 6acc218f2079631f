package io.quern.worker;

import io.quern.security.ClusterCredentials;
import io.quern.security.JobSubject;
import io.quern.security.JobTokens;
import java.util.function.LongSupplier;

/**
 * Issues the binding of a job's child JVM: with security on, the token of the job and its
 * submitting user, good for {@code lifetimeMs}, derived from the worker's cluster secret, which
 * stays in this process.
 */
final class JobTokenIssuer {
  // Immutable: set at construction.
  private final ClusterCredentials credentials;
  private final long lifetimeMs;
  private final LongSupplier clock;

  /** {@code credentials}: the worker's, holding the cluster secret, or disabled ones. */
  JobTokenIssuer(ClusterCredentials credentials, long lifetimeMs, LongSupplier clock) {
    if (credentials.mode() == ClusterCredentials.Mode.JOB) {
      throw new IllegalArgumentException("a worker needs the cluster secret to issue job tokens, not " + credentials);
    }
    if (lifetimeMs < 1) {
      throw new IllegalArgumentException("a job token's lifetime must be positive, got " + lifetimeMs + " ms");
    }
    this.credentials = credentials;
    this.lifetimeMs = lifetimeMs;
    this.clock = clock;
  }

  long lifetimeMs() {
    return lifetimeMs;
  }

  /** Whether a binding issued now should be renewed: a third of its lifetime is left, or less. */
  boolean dueForRenewal(ChildBinding binding) {
    return binding.token() != null && binding.token().expiresMillis() - clock.getAsLong() <= lifetimeMs / 3;
  }

  /**
   * @throws IllegalArgumentException if the job id or user name cannot be a token's subject
   */
  ChildBinding bindingFor(String jobId, String user) {
    JobSubject subject = new JobSubject(jobId, user);
    return credentials.enabled()
        ? ChildBinding.secure(JobTokens.issue(credentials, jobId, user, clock.getAsLong() + lifetimeMs))
        : ChildBinding.plain(subject);
  }
}
