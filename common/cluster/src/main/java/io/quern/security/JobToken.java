package io.quern.security;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A credential scoped to one job and its submitting user, until a moment: {@code
 * HMAC-SHA256(cluster secret, label || "job=JOB,user=USER,expires=MILLIS")}. A child task JVM
 * holds this instead of the cluster secret; a server that knows the secret recomputes it, so the
 * token proves the job, the user and its expiry, and nothing more. Its worker renews it while
 * the job runs there; a copy carried off works only until it expires. Its {@link #toString()}
 * does not show the bytes.
 */
public final class JobToken {
  private static final String EXPIRES = ",expires=";

  private final JobSubject subject;
  private final long expiresMillis;
  private final byte[] key;

  public JobToken(JobSubject subject, long expiresMillis, byte[] key) {
    if (subject == null) {
      throw new IllegalArgumentException("a job token needs its job and user");
    }
    if (expiresMillis <= 0) {
      throw new IllegalArgumentException("a job token needs its expiry");
    }
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("a job token is 32 bytes");
    }
    this.subject = subject;
    this.expiresMillis = expiresMillis;
    this.key = key.clone();
  }

  public JobSubject subject() {
    return subject;
  }

  /** When servers stop accepting it, in milliseconds since the epoch. */
  public long expiresMillis() {
    return expiresMillis;
  }

  /** {@code job=JOB,user=USER,expires=MILLIS}: what the handshake carries and the HMAC covers. */
  public String claim() {
    return claim(subject, expiresMillis);
  }

  static String claim(JobSubject subject, long expiresMillis) {
    return subject.text() + EXPIRES + expiresMillis;
  }

  /** What a {@link #claim()} names. */
  public record Claim(JobSubject subject, long expiresMillis) {}

  /** Parses a {@link #claim()}; IllegalArgumentException on anything else. */
  public static Claim parseClaim(String text) {
    int at = text == null ? -1 : text.lastIndexOf(EXPIRES);
    if (at < 0) {
      throw new IllegalArgumentException("not a job token claim (job=JOB,user=USER,expires=MILLIS): "
          + JobSubject.printable(text));
    }
    String millis = text.substring(at + EXPIRES.length());
    if (!millis.matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException("not a job token expiry: " + JobSubject.printable(millis));
    }
    return new Claim(JobSubject.parse(text.substring(0, at)), Long.parseLong(millis));
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

  /** {@code job=JOB,user=USER,expires=MILLIS:base64(token)}: one line, for the private channel to a child JVM. */
  public String encode() {
    return claim() + ":" + Base64.getEncoder().encodeToString(key);
  }

  /** Parses {@link #encode()}; throws IllegalArgumentException on anything else. */
  public static JobToken decode(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not an encoded job token");
    }
    Claim claim = parseClaim(text.substring(0, colon));
    return new JobToken(claim.subject(), claim.expiresMillis(),
        Base64.getDecoder().decode(text.substring(colon + 1).strip()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobToken t && subject.equals(t.subject) && expiresMillis == t.expiresMillis
        && MessageDigest.isEqual(key, t.key);
  }

  @Override
  public int hashCode() {
    return (subject.hashCode() * 31 + Long.hashCode(expiresMillis)) * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "JobToken(" + claim() + ")";
  }
}
