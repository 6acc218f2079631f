package io.quern.mapreduce;

/** Life cycle of a job as the master reports it. */
public enum JobState {
  PREP, RUNNING, SUCCEEDED, FAILED, KILLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == KILLED;
  }
}
