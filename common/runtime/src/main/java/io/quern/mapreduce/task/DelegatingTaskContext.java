package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.RawComparator;
import io.quern.mapreduce.Counter;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;

/** The attempt-level part of the map and reduce contexts, delegated to the attempt's context. */
abstract class DelegatingTaskContext implements TaskAttemptContext {
  /** Thread-safe (atomic counters, volatile status and progress); the Configuration is only read. */
  protected final TaskAttemptContextImpl attempt;

  DelegatingTaskContext(TaskAttemptContextImpl attempt) {
    this.attempt = attempt;
  }

  @Override public TaskAttemptID getTaskAttemptID() { return attempt.getTaskAttemptID(); }
  @Override public void setStatus(String msg) { attempt.setStatus(msg); }
  @Override public String getStatus() { return attempt.getStatus(); }
  @Override public void progress() { attempt.progress(); }
  @Override public float getProgress() { return attempt.getProgress(); }
  @Override public Counter getCounter(Enum<?> c) { return attempt.getCounter(c); }
  @Override public Counter getCounter(String g, String n) { return attempt.getCounter(g, n); }
  @Override public Configuration getConfiguration() { return attempt.getConfiguration(); }
  @Override public io.quern.security.Credentials getCredentials() { return attempt.getCredentials(); }
  @Override public JobID getJobID() { return attempt.getJobID(); }
  @Override public String getJobName() { return attempt.getJobName(); }
  @Override public int getNumReduceTasks() { return attempt.getNumReduceTasks(); }
  @Override public Class<?> getMapOutputKeyClass() { return attempt.getMapOutputKeyClass(); }
  @Override public Class<?> getMapOutputValueClass() { return attempt.getMapOutputValueClass(); }
  @Override public Class<?> getOutputKeyClass() { return attempt.getOutputKeyClass(); }
  @Override public Class<?> getOutputValueClass() { return attempt.getOutputValueClass(); }
  @Override public Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() { return attempt.getMapperClass(); }
  @Override public Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() { return attempt.getCombinerClass(); }
  @Override public Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() { return attempt.getReducerClass(); }
  @Override public Class<? extends Partitioner<?, ?>> getPartitionerClass() { return attempt.getPartitionerClass(); }
  @Override public Class<? extends InputFormat<?, ?>> getInputFormatClass() { return attempt.getInputFormatClass(); }
  @Override public Class<? extends OutputFormat<?, ?>> getOutputFormatClass() { return attempt.getOutputFormatClass(); }
  @Override public RawComparator<?> getSortComparator() { return attempt.getSortComparator(); }
  @Override public RawComparator<?> getGroupingComparator() { return attempt.getGroupingComparator(); }
  @Override public String getJar() { return attempt.getJar(); }
  @Override public String getUser() { return attempt.getUser(); }
}
