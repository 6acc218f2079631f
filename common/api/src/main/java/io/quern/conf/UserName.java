package io.quern.conf;

/** Who a client acts as, for DFS permissions and job ownership: {@link #KEY}, else the OS user. */
public final class UserName {
  /**
   * Overrides the OS user name ({@code user.name}): for tests, and for tasks, which MapReduce
   * runs as the user who submitted the job.
   */
  public static final String KEY = "quern.user.name";

  private UserName() {}

  public static String of(Configuration conf) {
    String u = conf.get(KEY);
    return u == null || u.isBlank() ? System.getProperty("user.name") : u.trim();
  }
}
