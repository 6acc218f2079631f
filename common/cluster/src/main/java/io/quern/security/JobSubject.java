package io.quern.security;

import java.util.regex.Pattern;

/**
 * Who a job token speaks for: one job, run as the user who submitted it. Its {@link #text()},
 * {@code job=JOB,user=USER}, is what the handshake carries and what the token's HMAC covers, so
 * a server learns the user from the proof, never from a claim the task could change.
 */
public record JobSubject(String jobId, String user) {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  /** The DFS's user names (PermissionChecker), bounded so that a subject fits the handshake. */
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@$-]{1,64}");

  public JobSubject {
    if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException(
          "job id must be 1 to 128 of letters, digits, '_', '.', ':' or '-': " + printable(jobId));
    }
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "user name must be 1 to 64 of letters, digits, '.', '_', '@', '$' or '-': " + printable(user));
    }
  }

  /** {@code job=JOB,user=USER}. */
  public String text() {
    return "job=" + jobId + ",user=" + user;
  }

  /** Parses {@link #text()}; IllegalArgumentException on anything else. */
  public static JobSubject parse(String text) {
    int comma = text == null ? -1 : text.indexOf(",user=");
    if (comma < 0 || !text.startsWith("job=")) {
      throw new IllegalArgumentException("not a job subject (job=JOB,user=USER): " + printable(text));
    }
    return new JobSubject(text.substring(4, comma), text.substring(comma + 6));
  }

  static String printable(String s) {
    return s == null ? "null" : s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  @Override
  public String toString() {
    return text();
  }
}
