package io.quern.master;

import io.quern.mapreduce.TaskState;

/**
 * A job's totals over its maps and over its reduces, kept as each task changes ({@link
 * TaskInProgress#changed}): the sum of their progress (a task failed for good counts as done),
 * the tasks running and their running attempts, and the tasks in each state. A status report,
 * which the loop makes every few milliseconds for a watched job, reads these instead of walking
 * 100,000 tasks. Owned by the master's loop thread, like the rest of the job.
 */
final class JobProgress {
  /** Progress is summed in fixed point, so that adding and taking back a task's share leaves no rounding behind. */
  static final long ONE = 1L << 30;

  /** By kind: [0] maps, [1] reduces. */
  private final long[] units = new long[2];
  private final int[] runningTasks = new int[2];
  private final int[] runningAttempts = new int[2];
  private final int[][] byState = new int[2][TaskState.values().length];
  private final int[] tasks = new int[2];

  /** A new task of the kind: pending, without progress. */
  void added(boolean map) {
    tasks[kind(map)]++;
    byState[kind(map)][TaskState.PENDING.ordinal()]++;
  }

  /** One task's share moved from {@code before} to {@code after}. */
  void moved(boolean map, Share before, Share after) {
    int k = kind(map);
    units[k] += after.units - before.units;
    runningTasks[k] += (after.running ? 1 : 0) - (before.running ? 1 : 0);
    runningAttempts[k] += after.runningAttempts - before.runningAttempts;
    byState[k][before.state.ordinal()]--;
    byState[k][after.state.ordinal()]++;
  }

  /** The mean progress of the kind's tasks; NaN when it has none. */
  float progress(boolean map) {
    int n = tasks[kind(map)];
    return n == 0 ? Float.NaN : (float) ((double) units[kind(map)] / ONE / n);
  }

  /** Tasks of the kind without a success that have an attempt running (one failed for good may still, briefly). */
  int runningTasks(boolean map) {
    return runningTasks[kind(map)];
  }

  int runningAttempts(boolean map) {
    return runningAttempts[kind(map)];
  }

  int inState(boolean map, TaskState state) {
    return byState[kind(map)][state.ordinal()];
  }

  private static int kind(boolean map) {
    return map ? 0 : 1;
  }

  /** What one task counts for in the totals. */
  record Share(long units, boolean running, int runningAttempts, TaskState state) {
    static final Share PENDING = new Share(0, false, 0, TaskState.PENDING);

    static long units(float progress) {
      return Math.round(Math.max(0f, Math.min(1f, progress)) * (double) ONE);
    }
  }
}
