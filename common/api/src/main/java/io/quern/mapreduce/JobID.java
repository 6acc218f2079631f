package io.quern.mapreduce;

/**
 * A job's id, {@code job_<master identifier>_<4-digit number>} as in Hadoop. Not final: the
 * old API's {@code io.quern.mapred.JobID} is one.
 */
public class JobID implements Comparable<JobID> {
  private final String jtIdentifier;
  private final int id;
  /**
   * The id as text, formatted on first use: the master names a job in every command and record
   * it sends. Racy but benign, as String's own hash: every thread computes the same string.
   * Thread-safe (a racy cache of an immutable String).
   */
  private String name;

  public JobID(String jtIdentifier, int id) {
    if (jtIdentifier.isEmpty() || jtIdentifier.contains("_")) {
      throw new IllegalArgumentException("bad job tracker identifier: " + jtIdentifier);
    }
    this.jtIdentifier = jtIdentifier;
    this.id = id;
  }

  public static JobID forName(String s) {
    String[] p = s.split("_");
    if (p.length != 3 || !p[0].equals("job")) {
      throw new IllegalArgumentException("not a job id: " + s);
    }
    try {
      return new JobID(p[1], Integer.parseInt(p[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a job id: " + s);
    }
  }

  public String getJtIdentifier() {
    return jtIdentifier;
  }

  public int getId() {
    return id;
  }

  String body() {
    return toString().substring(JOB.length());
  }

  private static final String JOB = "job_";

  /** {@code String.format("%0" + width + "d", n)}, without a format string to parse. */
  static String padded(int n, int width) {
    String digits = Integer.toString(n);
    if (digits.length() >= width) {
      return digits;
    }
    if (n < 0) {
      return String.format("%0" + width + "d", n);
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  @Override
  public String toString() {
    String n = name;
    if (n == null) {
      n = JOB + jtIdentifier + "_" + padded(id, 4);
      name = n;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobID j && j.id == id && j.jtIdentifier.equals(jtIdentifier);
  }

  @Override
  public int hashCode() {
    return 31 * (31 + jtIdentifier.hashCode()) + id; // Objects.hash(jtIdentifier, id), without its array
  }

  @Override
  public int compareTo(JobID o) {
    int c = jtIdentifier.compareTo(o.jtIdentifier);
    return c != 0 ? c : Integer.compare(id, o.id);
  }
}
