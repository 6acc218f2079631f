package io.quern.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Derives and checks {@link JobToken}s from the cluster secret. */
public final class JobTokens {
  private static final byte[] LABEL = "quern-job-token-v1\0".getBytes(StandardCharsets.US_ASCII);

  private JobTokens() {}

  /** The token of {@code jobId}: HMAC-SHA256(secret, label || jobId). */
  public static JobToken derive(byte[] secret, String jobId) {
    JobToken.checkJobId(jobId);
    return new JobToken(jobId, Hmac.sha256(secret, LABEL, jobId.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Whether {@code token} is the one {@code secret} gives its job, in constant time. */
  public static boolean verify(byte[] secret, JobToken token) {
    return MessageDigest.isEqual(derive(secret, token.jobId()).key(), token.key());
  }
}
