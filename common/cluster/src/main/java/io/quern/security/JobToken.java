package io.quern.security;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A credential scoped to one job and its submitting user: {@code HMAC-SHA256(cluster secret,
 * label || "job=JOB,user=USER")}. A child task JVM holds this instead of the cluster secret; a
 * server that knows the secret recomputes it, so the token proves the job and the user, and
 * nothing more. Its {@link #toString()} does not show the bytes.
 */
public final class JobToken {
  private final JobSubject subject;
  private final byte[] key;

  public JobToken(JobSubject subject, byte[] key) {
    if (subject == null) {
      throw new IllegalArgumentException("a job token needs its job and user");
    }
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("a job token is 32 bytes");
    }
    this.subject = subject;
    this.key = key.clone();
  }

  public JobSubject subject() {
    return subject;
  }

  public String jobId() {
    return subject.jobId();
  }

  public String user() {
    return subject.user();
  }

  byte[] key() {
    return key.clone();
  }

  /** {@code job=JOB,user=USER:base64(token)}: one line, for the private channel to a child JVM. */
  public String encode() {
    return subject.text() + ":" + Base64.getEncoder().encodeToString(key);
  }

  /** Parses {@link #encode()}; throws IllegalArgumentException on anything else. */
  public static JobToken decode(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an encoded job token");
    }
    return new JobToken(JobSubject.parse(text.substring(0, colon)),
        Base64.getDecoder().decode(text.substring(colon + 1).strip()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobToken t && subject.equals(t.subject) && MessageDigest.isEqual(key, t.key);
  }

  @Override
  public int hashCode() {
    return subject.hashCode() * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "JobToken(" + subject.text() + ")";
  }
}
