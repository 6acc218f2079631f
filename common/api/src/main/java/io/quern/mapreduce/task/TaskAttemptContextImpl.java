package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Counter;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;

/** A task attempt's context: counters, status and a progress flag the reporter reads. */
public class TaskAttemptContextImpl extends JobContextImpl implements TaskAttemptContext {
  private final TaskAttemptID attemptId;
  /** Thread-safe (concurrent maps of atomic counters). */
  private final Counters counters;
  // The three fields below: volatile, written by the task's threads (status, progress), read by the thread
  // reporting to the worker.
  private volatile String status = "";
  private volatile float progress;
  private volatile long lastProgressNanos = System.nanoTime();

  public TaskAttemptContextImpl(Configuration conf, TaskAttemptID attemptId, Counters counters) {
    super(conf, attemptId.getJobID());
    this.attemptId = attemptId;
    this.counters = counters;
  }

  public TaskAttemptContextImpl(Configuration conf, TaskAttemptID attemptId) {
    this(conf, attemptId, new Counters());
  }

  @Override
  public TaskAttemptID getTaskAttemptID() {
    return attemptId;
  }

  @Override
  public void setStatus(String msg) {
    status = msg == null ? "" : msg;
    progress();
  }

  @Override
  public String getStatus() {
    return status;
  }

  @Override
  public void progress() {
    lastProgressNanos = System.nanoTime();
  }

  @Override
  public float getProgress() {
    return progress;
  }

  /** Set by the task runner from the record reader or merge position. */
  public void setProgress(float p) {
    progress = p;
    progress();
  }

  /** When user code or the framework last showed signs of life. */
  public long lastProgressNanos() {
    return lastProgressNanos;
  }

  @Override
  public Counter getCounter(Enum<?> counterName) {
    return counters.findCounter(counterName);
  }

  @Override
  public Counter getCounter(String groupName, String counterName) {
    return counters.findCounter(groupName, counterName);
  }

  public Counters getCounters() {
    return counters;
  }
}
