package io.quern.security;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A credential scoped to one job: {@code HMAC-SHA256(cluster secret, job id)}. A child task JVM
 * holds this instead of the cluster secret; a server that knows the secret recomputes it, so
 * the token proves the job, and nothing more. Its {@link #toString()} does not show the bytes.
 */
public final class JobToken {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private final String jobId;
  private final byte[] key;

  public JobToken(String jobId, byte[] key) {
    checkJobId(jobId);
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("a job token is 32 bytes");
    }
    this.jobId = jobId;
    this.key = key.clone();
  }

  static void checkJobId(String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("job id must be 1 to 128 of letters, digits, '_', '.', ':' or '-': " + jobId);
    }
  }

  public String jobId() {
    return jobId;
  }

  byte[] key() {
    return key.clone();
  }

  /** {@code jobId:base64(token)}, e.g. for a 0600 file handed to a child JVM. */
  public String encode() {
    return jobId + ":" + Base64.getEncoder().encodeToString(key);
  }

  /** Parses {@link #encode()}; throws IllegalArgumentException on anything else. */
  public static JobToken decode(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an encoded job token");
    }
    return new JobToken(text.substring(0, colon), Base64.getDecoder().decode(text.substring(colon + 1).strip()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobToken t && jobId.equals(t.jobId) && MessageDigest.isEqual(key, t.key);
  }

  @Override
  public int hashCode() {
    return jobId.hashCode() * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "JobToken(" + jobId + ")";
  }
}
