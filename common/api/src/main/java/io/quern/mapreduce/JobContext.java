package io.quern.mapreduce;

import io.quern.conf.Configuration;
import io.quern.filecache.DistributedCache;
import io.quern.fs.Path;
import io.quern.io.RawComparator;
import java.io.IOException;
import java.net.URI;

/** Read-only view of a job's configuration, as tasks and formats see it. */
public interface JobContext extends MRJobConfig {
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

  /**
   * The job's secret keys and tokens: at submission, what the client adds for its tasks; in a
   * task, what the job held when it was submitted.
   */
  default io.quern.security.Credentials getCredentials() {
    return getConfiguration().getCredentials();
  }

  /** The job's cache files, with their {@code #name} when one was given; null when there are none. */
  default URI[] getCacheFiles() throws IOException {
    return DistributedCache.getCacheFiles(getConfiguration());
  }

  /** The job's cache archives; null when there are none. */
  default URI[] getCacheArchives() throws IOException {
    return DistributedCache.getCacheArchives(getConfiguration());
  }

  /** In a task: the local copies of the cache files, in their order; null when there are none. */
  @Deprecated
  default Path[] getLocalCacheFiles() throws IOException {
    return DistributedCache.getLocalCacheFiles(getConfiguration());
  }

  /** In a task: the directories the cache archives were unpacked into, in their order. */
  @Deprecated
  default Path[] getLocalCacheArchives() throws IOException {
    return DistributedCache.getLocalCacheArchives(getConfiguration());
  }

  /** The files on the tasks' class path; null when there are none. */
  default Path[] getFileClassPaths() {
    return DistributedCache.getFileClassPaths(getConfiguration());
  }

  /** The archives whose directories are on the tasks' class path; null when there are none. */
  default Path[] getArchiveClassPaths() {
    return DistributedCache.getArchiveClassPaths(getConfiguration());
  }
}
