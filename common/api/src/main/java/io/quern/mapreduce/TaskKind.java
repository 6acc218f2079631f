package io.quern.mapreduce;

/**
 * Whether a task maps a split, reduces a partition, or cleans up after the job: commits its
 * output when all its tasks succeeded, or aborts it (Hadoop 1's job-cleanup task). The
 * cleanup runs the job's own output committer, so it runs in a task JVM, never in the master.
 */
public enum TaskKind {
  MAP('m'), REDUCE('r'), JOB_CLEANUP('c');

  private final char letter;

  TaskKind(char letter) {
    this.letter = letter;
  }

  /** The letter used in task and attempt ids ({@code task_..._m_000001}). */
  public char letter() {
    return letter;
  }

  public static TaskKind ofLetter(char c) {
    for (TaskKind k : values()) {
      if (k.letter == c) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a task kind letter: " + c);
  }
}
