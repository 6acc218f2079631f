package io.quern.mapreduce;

import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Follows a submitted job until it ends, printing Hadoop-style progress lines; on a terminal, a
 * {@link ProgressBar} redrawn in place instead (lines stay for logs and pipes).
 */
final class JobProgressMonitor {
  /**
   * How long one status call may wait for a change. A job's end answers it at once; the bar,
   * whose clock ticks even when the job does not change, redraws at least every second.
   */
  private static final long WAIT_MILLIS = 5_000;
  private static final long BAR_WAIT_MILLIS = 1_000;
  /** Whether {@code quern jar} draws a progress bar when its output is a terminal. */
  static final String BAR_KEY = "mapreduce.client.progressbar";

  private JobProgressMonitor() {}

  static void monitor(Job job, boolean verbose, PrintStream out) throws IOException, InterruptedException {
    String id = job.getRunningJob().jobId();
    if (verbose) {
      out.println("Running job: " + id);
    }
    java.io.Console console = verbose && MapredKeys.CLIENT_PROGRESSBAR.getBoolean(job.getConfiguration())
        && !"dumb".equals(System.getenv("TERM")) ? System.console() : null;
    int width = terminalWidth();
    long started = System.currentTimeMillis();
    String last = "";
    JobStatusReport s = null;
    while (true) {
      s = job.awaitStatus(s, console != null ? BAR_WAIT_MILLIS : WAIT_MILLIS);
      String line;
      if (console != null) {
        line = ProgressBar.line(s, System.currentTimeMillis() - started, width - 1);
        if (!line.equals(last)) {
          // Blank what a longer previous line left, then return to the start of the line.
          console.writer().print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
          console.writer().flush();
        }
      } else {
        line = " map " + pct(s.mapProgress()) + " reduce " + pct(s.reduceProgress())
            + (s.note() == null ? "" : " (" + s.note() + ")");
        if (verbose && !line.equals(last)) {
          out.println(id + line);
        }
      }
      last = line;
      if (s.state().isTerminal()) {
        break;
      }
    }
    if (console != null) {
      console.writer().println();
      console.writer().flush();
    }
    if (verbose) {
      if (s.state() == JobState.SUCCEEDED) {
        out.println("Job complete: " + id);
      } else {
        out.println("Job " + id + " " + s.state() + (s.failureReason() == null ? "" : ": " + s.failureReason()));
      }
      out.println(job.getCounters());
    }
  }

  /** The terminal's width as the shell exports it, else the classic 80 columns. */
  private static int terminalWidth() {
    try {
      int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
      return w >= 20 ? w : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  private static String pct(float p) {
    return Math.round(p * 100) + "%";
  }
}
