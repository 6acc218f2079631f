package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Counter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;

/**
 * A task attempt's context seen through another configuration: the job's getters read
 * {@code conf} (a named output's format and classes, a chain stage's settings), while status,
 * progress and counters go to the attempt's own context, so they reach the job.
 */
public class ConfiguredTaskContext extends JobContextImpl implements TaskAttemptContext {
  private final TaskAttemptContext attempt;

  public ConfiguredTaskContext(Configuration conf, TaskAttemptContext attempt) {
    super(conf, attempt.getJobID());
    this.attempt = attempt;
  }

  /** The job's, whatever configuration this context reads its classes from. */
  @Override
  public io.quern.security.Credentials getCredentials() {
    return attempt.getCredentials();
  }

  @Override
  public TaskAttemptID getTaskAttemptID() {
    return attempt.getTaskAttemptID();
  }

  @Override
  public void setStatus(String msg) {
    attempt.setStatus(msg);
  }

  @Override
  public String getStatus() {
    return attempt.getStatus();
  }

  @Override
  public void progress() {
    attempt.progress();
  }

  @Override
  public float getProgress() {
    return attempt.getProgress();
  }

  @Override
  public Counter getCounter(Enum<?> counterName) {
    return attempt.getCounter(counterName);
  }

  @Override
  public Counter getCounter(String groupName, String counterName) {
    return attempt.getCounter(groupName, counterName);
  }
}
