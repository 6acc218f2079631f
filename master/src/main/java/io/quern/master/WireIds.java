package io.quern.master;

import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.TaskType;

/**
 * Parses the job, task and attempt ids that reach the master as text (calls of workers and
 * clients, job store records) into the API's id classes, which the master's tables, events and
 * commands use from there on; their {@code toString} is the text that leaves it.
 *
 * <p>Stricter than the API's {@code forName}: only the canonical text the master itself writes
 * is accepted (job numbers of at least 4 digits, task numbers of at least 6, zero-padded, no
 * sign, attempt numbers without leading zeros), so that an id parsed here prints back byte for
 * byte, and two texts never name the same job. Anything else fails with one {@link
 * IllegalArgumentException} saying what was expected; the caller treats it as an unknown id.
 */
final class WireIds {
  private WireIds() {}

  /** {@code job_<identifier>_<number>}. */
  static JobID job(String s) {
    if (s == null || !s.startsWith("job_")) {
      throw malformed(s, "a job id", "job_<master identifier>_<number>");
    }
    int sep = s.indexOf('_', 4);
    JobID id = sep < 0 ? null : jobOf(s, 4, sep, s.length());
    if (id == null) {
      throw malformed(s, "a job id", "job_<master identifier>_<number>");
    }
    return id;
  }

  /** {@code task_<identifier>_<job number>_<m|r|c>_<number>}. */
  static TaskID task(String s) {
    TaskID id = s == null || !s.startsWith("task_") ? null : taskOf(s, 5, s.length());
    if (id == null) {
      throw malformed(s, "a task id", "task_<master identifier>_<job number>_<m|r|c>_<number>");
    }
    return id;
  }

  /** {@code attempt_<identifier>_<job number>_<m|r|c>_<task number>_<attempt number>}. */
  static TaskAttemptID attempt(String s) {
    TaskAttemptID id = null;
    if (s != null && s.startsWith("attempt_")) {
      int last = s.lastIndexOf('_');
      TaskID task = last <= 8 ? null : taskOf(s, 8, last);
      int n = task == null ? -1 : number(s, last + 1, s.length(), 1);
      id = n < 0 ? null : new TaskAttemptID(task, n);
    }
    if (id == null) {
      throw malformed(s, "an attempt id", "attempt_<master identifier>_<job number>_<m|r|c>_<task number>_<number>");
    }
    return id;
  }

  /** The job of {@code s[from, sep)} (the identifier) and {@code s[sep + 1, to)} (its number), or null. */
  private static JobID jobOf(String s, int from, int sep, int to) {
    if (sep <= from) {
      return null;
    }
    int n = number(s, sep + 1, to, 4);
    return n < 0 ? null : new JobID(s.substring(from, sep), n);
  }

  /** The task of {@code s[from, to)}, which is {@code <identifier>_<job number>_<letter>_<number>}; or null. */
  private static TaskID taskOf(String s, int from, int to) {
    int a = s.indexOf('_', from);
    int b = a < 0 ? -1 : s.indexOf('_', a + 1);
    int c = b < 0 ? -1 : s.indexOf('_', b + 1);
    if (c < 0 || c != b + 2 || c >= to || s.indexOf('_', c + 1) >= 0 && s.indexOf('_', c + 1) < to) {
      return null;
    }
    JobID job = jobOf(s, from, a, b);
    int n = job == null ? -1 : number(s, c + 1, to, 6);
    if (n < 0) {
      return null;
    }
    TaskKind kind;
    try {
      kind = TaskKind.ofLetter(s.charAt(b + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new TaskID(job, TaskType.of(kind), n);
  }

  /**
   * The decimal number {@code s[from, to)} as the master formats it (zero-padded to {@code
   * width} digits, no leading zero beyond them, no sign); -1 for anything else, or past int.
   */
  private static int number(String s, int from, int to, int width) {
    int length = to - from;
    if (length < width || length > 10 || length > width && s.charAt(from) == '0') {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      n = n * 10 + (ch - '0');
    }
    return n > Integer.MAX_VALUE ? -1 : (int) n;
  }

  private static IllegalArgumentException malformed(String s, String what, String form) {
    String shown = s == null ? "no id" : s.length() > 200 ? "'" + s.substring(0, 200) + "...'" : "'" + s + "'";
    return new IllegalArgumentException(shown + " is not " + what + " (" + form + ")");
  }
}
