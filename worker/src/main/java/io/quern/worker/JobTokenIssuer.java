package io.quern.worker;

import io.quern.security.ClusterCredentials;
import io.quern.security.JobSubject;
import io.quern.security.JobTokens;

/**
 * Issues the binding of a job's child JVM: with security on, the token of the job and its
 * submitting user, derived from the worker's cluster secret, which stays in this process.
 */
final class JobTokenIssuer {
  private final ClusterCredentials credentials;

  /** {@code credentials}: the worker's, holding the cluster secret, or disabled ones. */
  JobTokenIssuer(ClusterCredentials credentials) {
    if (credentials.mode() == ClusterCredentials.Mode.JOB) {
      throw new IllegalArgumentException("a worker needs the cluster secret to issue job tokens, not " + credentials);
    }
    this.credentials = credentials;
  }

  /**
   * @throws IllegalArgumentException if the job id or user name cannot be a token's subject
   */
  ChildBinding bindingFor(String jobId, String user) {
    JobSubject subject = new JobSubject(jobId, user);
    return credentials.enabled() ? ChildBinding.secure(JobTokens.issue(credentials, jobId, user))
        : ChildBinding.plain(subject);
  }
}
