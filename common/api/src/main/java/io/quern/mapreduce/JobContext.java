package io.quern.mapreduce;

import io.quern.conf.Configuration;
import io.quern.io.RawComparator;

/** Read-only view of a job's configuration, as tasks and formats see it. */
public interface JobContext {
  Configuration getConfiguration();

  JobID getJobID();

  String getJobName();

  int getNumReduceTasks();

  Class<?> getMapOutputKeyClass();

  Class<?> getMapOutputValueClass();

  Class<?> getOutputKeyClass();

  Class<?> getOutputValueClass();

  Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() throws ClassNotFoundException;

  Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() throws ClassNotFoundException;

  Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() throws ClassNotFoundException;

  Class<? extends Partitioner<?, ?>> getPartitionerClass() throws ClassNotFoundException;

  Class<? extends InputFormat<?, ?>> getInputFormatClass() throws ClassNotFoundException;

  Class<? extends OutputFormat<?, ?>> getOutputFormatClass() throws ClassNotFoundException;

  /** Orders map output keys; by default the key class's registered raw comparator. */
  RawComparator<?> getSortComparator();

  /** Decides which keys share one reduce call; by default the sort comparator. */
  RawComparator<?> getGroupingComparator();

  String getJar();

  String getUser();
}
