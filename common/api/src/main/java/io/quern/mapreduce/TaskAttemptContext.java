package io.quern.mapreduce;

/** The context of one task attempt: its id, status, progress and counters. */
public interface TaskAttemptContext extends JobContext {
  TaskAttemptID getTaskAttemptID();

  void setStatus(String msg);

  String getStatus();

  /** Tells the framework the task is alive (resets the task timeout). */
  void progress();

  float getProgress();

  Counter getCounter(Enum<?> counterName);

  Counter getCounter(String groupName, String counterName);
}
