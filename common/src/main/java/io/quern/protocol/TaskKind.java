package io.quern.protocol;

/** Whether a task maps a split or reduces a partition. */
public enum TaskKind {
  MAP('m'), REDUCE('r');

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
