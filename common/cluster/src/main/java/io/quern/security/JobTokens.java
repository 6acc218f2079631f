package io.quern.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Derives and checks {@link JobToken}s from the cluster secret. */
public final class JobTokens {
  // v3: the token covers its expiry as well as the job and the submitting user.
  private static final byte[] LABEL = "quern-job-token-v3\0".getBytes(StandardCharsets.US_ASCII);

  private JobTokens() {}

  /** The token of {@code subject} until {@code expiresMillis}: HMAC-SHA256(secret, label || claim). */
  public static JobToken derive(byte[] secret, JobSubject subject, long expiresMillis) {
    return new JobToken(subject, expiresMillis,
        Hmac.sha256(secret, LABEL, JobToken.claim(subject, expiresMillis).getBytes(StandardCharsets.US_ASCII)));
  }

  /** The token of job {@code jobId} run as {@code user}, until {@code expiresMillis}. */
  public static JobToken derive(byte[] secret, String jobId, String user, long expiresMillis) {
    return derive(secret, new JobSubject(jobId, user), expiresMillis);
  }

  /**
   * The token of {@code jobId} run as {@code user}, from this process's cluster secret: how a
   * worker issues its children's tokens without the secret leaving {@link ClusterCredentials}.
   */
  public static JobToken issue(ClusterCredentials creds, String jobId, String user, long expiresMillis) {
    return derive(creds.secret(), jobId, user, expiresMillis);
  }

  /** Whether {@code token} is the one {@code secret} gives its claim, in constant time; its expiry is not checked. */
  public static boolean verify(byte[] secret, JobToken token) {
    return MessageDigest.isEqual(derive(secret, token.subject(), token.expiresMillis()).key(), token.key());
  }
}
