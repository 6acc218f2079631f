package io.quern.mapreduce;

import java.util.Locale;

/**
 * The one-line progress of a job that {@code quern jar} redraws in place on a terminal: a bar of
 * the whole job, maps and reduces done of all with those running and failed, and an estimate of
 * the time left from the rate so far.
 */
public final class ProgressBar {
  private static final int BAR = 24;

  private ProgressBar() {}

  /**
   * The line for {@code s}, {@code elapsedMillis} after the job started, cut to {@code width}
   * characters so that it never wraps (a wrapped line cannot be redrawn with a carriage return).
   */
  public static String line(JobStatusReport s, long elapsedMillis, int width) {
    double done = overall(s);
    int filled = (int) Math.floor(done * BAR);
    StringBuilder b = new StringBuilder();
    b.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
    b.append(String.format(Locale.ROOT, "%3d%% ", Math.round(done * 100)));
    b.append("map ").append(s.mapsCompleted()).append('/').append(s.mapsTotal());
    counts(b, s.mapsRunning(), s.mapsFailed());
    if (s.reducesTotal() > 0) {
      b.append(" reduce ").append(s.reducesCompleted()).append('/').append(s.reducesTotal());
      counts(b, s.reducesRunning(), s.reducesFailed());
    }
    b.append(' ').append(eta(done, elapsedMillis, s.state()));
    return b.length() <= width ? b.toString() : b.substring(0, Math.max(0, width));
  }

  /** The job's share done: maps and reduces weigh alike, as in Hadoop's map and reduce percentages. */
  static double overall(JobStatusReport s) {
    double p = s.reducesTotal() > 0 ? (s.mapProgress() + s.reduceProgress()) / 2.0 : s.mapProgress();
    return Math.max(0, Math.min(1, p));
  }

  private static void counts(StringBuilder b, int running, int failed) {
    if (running > 0 || failed > 0) {
      b.append(" (").append(running).append(" running");
      if (failed > 0) {
        b.append(", ").append(failed).append(" failed");
      }
      b.append(')');
    }
  }

  private static String eta(double done, long elapsedMillis, JobState state) {
    if (state.isTerminal()) {
      return state.name().toLowerCase(Locale.ROOT) + " in " + clock(elapsedMillis);
    }
    if (done <= 0 || elapsedMillis <= 0) {
      return "ETA --:--";
    }
    return "ETA " + clock(Math.round(elapsedMillis * (1 - done) / done));
  }

  /** m:ss, or h:mm:ss past an hour. */
  static String clock(long millis) {
    long sec = Math.max(0, (millis + 500) / 1000);
    return sec >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60)
        : String.format(Locale.ROOT, "%d:%02d", sec / 60, sec % 60);
  }
}
