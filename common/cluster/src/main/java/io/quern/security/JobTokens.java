package io.quern.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Derives and checks {@link JobToken}s from the cluster secret. */
public final class JobTokens {
  // v2: the token covers the submitting user as well as the job.
  private static final byte[] LABEL = "quern-job-token-v2\0".getBytes(StandardCharsets.US_ASCII);

  private JobTokens() {}

  /** The token of {@code subject}: HMAC-SHA256(secret, label || "job=JOB,user=USER"). */
  public static JobToken derive(byte[] secret, JobSubject subject) {
    return new JobToken(subject, Hmac.sha256(secret, LABEL, subject.text().getBytes(StandardCharsets.US_ASCII)));
  }

  /** The token of job {@code jobId} run as {@code user}. */
  public static JobToken derive(byte[] secret, String jobId, String user) {
    return derive(secret, new JobSubject(jobId, user));
  }

  /**
   * The token of {@code jobId} run as {@code user}, from this process's cluster secret: how a
   * worker issues its children's tokens without the secret leaving {@link ClusterCredentials}.
   */
  public static JobToken issue(ClusterCredentials creds, String jobId, String user) {
    return derive(creds.secret(), jobId, user);
  }

  /** Whether {@code token} is the one {@code secret} gives its subject, in constant time. */
  public static boolean verify(byte[] secret, JobToken token) {
    return MessageDigest.isEqual(derive(secret, token.subject()).key(), token.key());
  }
}
