package io.quern.mapreduce;

import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import java.io.IOException;
import java.io.PrintStream;

/** Follows a submitted job until it ends, printing Hadoop-style progress lines. */
final class JobProgressMonitor {
  private static final long POLL_MILLIS = 50;

  private JobProgressMonitor() {}

  static void monitor(Job job, boolean verbose, PrintStream out) throws IOException, InterruptedException {
    String id = job.getRunningJob().jobId();
    if (verbose) {
      out.println("Running job: " + id);
    }
    String last = "";
    JobStatusReport s;
    while (true) {
      s = job.getStatus();
      String line = " map " + pct(s.mapProgress()) + " reduce " + pct(s.reduceProgress())
          + (s.note() == null ? "" : " (" + s.note() + ")");
      if (verbose && !line.equals(last)) {
        out.println(id + line);
        last = line;
      }
      if (s.state().isTerminal()) {
        break;
      }
      Thread.sleep(POLL_MILLIS);
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

  private static String pct(float p) {
    return Math.round(p * 100) + "%";
  }
}
