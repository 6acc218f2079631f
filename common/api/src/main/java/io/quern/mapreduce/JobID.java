package io.quern.mapreduce;

import java.util.Objects;

/**
 * A job's id, {@code job_<master identifier>_<4-digit number>} as in Hadoop. Not final: the
 * old API's {@code io.quern.mapred.JobID} is one.
 */
public class JobID implements Comparable<JobID> {
  private final String jtIdentifier;
  private final int id;

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
    return jtIdentifier + "_" + String.format("%04d", id);
  }

  @Override
  public String toString() {
    return "job_" + body();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobID j && j.id == id && j.jtIdentifier.equals(jtIdentifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jtIdentifier, id);
  }

  @Override
  public int compareTo(JobID o) {
    int c = jtIdentifier.compareTo(o.jtIdentifier);
    return c != 0 ? c : Integer.compare(id, o.id);
  }
}
