package io.quern.mapreduce;

/** State of a task or of one attempt of it. */
public enum TaskState {
  PENDING, RUNNING, SUCCEEDED, FAILED, KILLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == KILLED;
  }
}
