package io.quern.mapreduce;

/** Names of the job configuration keys; each has a default and description in mapred-default.xml. */
public final class MRJobConfig {
  public static final String JOB_NAME = "mapreduce.job.name";
  public static final String USER_NAME = "mapreduce.job.user.name";
  public static final String JAR = "mapreduce.job.jar";
  public static final String PRIORITY = "mapred.job.priority";
  public static final String FRAMEWORK_NAME = "mapreduce.framework.name";
  public static final String MAP_CLASS = "mapreduce.job.map.class";
  public static final String COMBINE_CLASS = "mapreduce.job.combine.class";
  public static final String REDUCE_CLASS = "mapreduce.job.reduce.class";
  public static final String PARTITIONER_CLASS = "mapreduce.job.partitioner.class";
  public static final String INPUT_FORMAT_CLASS = "mapreduce.job.inputformat.class";
  public static final String OUTPUT_FORMAT_CLASS = "mapreduce.job.outputformat.class";
  public static final String SORT_COMPARATOR_CLASS = "mapreduce.job.output.key.comparator.class";
  public static final String GROUP_COMPARATOR_CLASS = "mapreduce.job.output.group.comparator.class";
  public static final String NUM_REDUCES = "mapred.reduce.tasks";
  /** The number of maps of jobs whose input format is told a count; Hadoop 2's name for it is mapreduce.job.maps. */
  public static final String NUM_MAPS = "mapred.map.tasks";
  public static final String MAP_OUTPUT_KEY_CLASS = "mapreduce.map.output.key.class";
  public static final String MAP_OUTPUT_VALUE_CLASS = "mapreduce.map.output.value.class";
  public static final String OUTPUT_KEY_CLASS = "mapreduce.job.output.key.class";
  public static final String OUTPUT_VALUE_CLASS = "mapreduce.job.output.value.class";
  /** False when the job's map side (mapper, input format, partitioner, combiner) is old API ({@code io.quern.mapred}). */
  public static final String MAPPER_NEW_API = "mapred.mapper.new-api";
  /** False when the job's reduce side (reducer, output format) is old API ({@code io.quern.mapred}). */
  public static final String REDUCER_NEW_API = "mapred.reducer.new-api";
  /** A job's own say on backup attempts of its maps / reduces; the cluster's setting must allow them too. */
  public static final String MAP_SPECULATIVE = "mapred.map.tasks.speculative.execution";
  public static final String REDUCE_SPECULATIVE = "mapred.reduce.tasks.speculative.execution";
  /** Hadoop 2's names for the same say; either set to false turns backups off for the job. */
  public static final String MAP_SPECULATIVE_NEW = "mapreduce.map.speculative";
  public static final String REDUCE_SPECULATIVE_NEW = "mapreduce.reduce.speculative";
  /**
   * Share (percent) of a job's maps / reduces that may fail for good (all attempts used) while
   * the job still succeeds without their output; 0, the default, fails the job on the first.
   */
  public static final String MAP_FAILURES_MAX_PERCENT = "mapreduce.map.failures.maxpercent";
  public static final String REDUCE_FAILURES_MAX_PERCENT = "mapreduce.reduce.failures.maxpercent";
  public static final String STAGING_DIR = "mapreduce.jobtracker.staging.root.dir";
  /** Local files the client ships to every task's working directory (Hadoop's {@code -files}). */
  public static final String SHIP_FILES = "tmpfiles";
  /** Local or DFS archives the client ships, unpacked in every task's working directory ({@code -archives}). */
  public static final String SHIP_ARCHIVES = "tmparchives";
  /** Local or DFS jars the client ships onto the tasks' class path ({@code -libjars}). */
  public static final String SHIP_JARS = "tmpjars";
  /** The job's cache files, {@code URI[#name]}: each task finds each in its working directory. */
  public static final String CACHE_FILES = "mapreduce.job.cache.files";
  /** The job's cache archives, {@code URI[#name]}: unpacked, a directory in each task's working directory. */
  public static final String CACHE_ARCHIVES = "mapreduce.job.cache.archives";
  /** Cache files whose local copies go on the tasks' class path. */
  public static final String CLASSPATH_FILES = "mapreduce.job.classpath.files";
  /** Cache archives whose unpacked directories go on the tasks' class path. */
  public static final String CLASSPATH_ARCHIVES = "mapreduce.job.classpath.archives";
  /** Set at submission: each cache file's length, which the tasks' copies must have. */
  public static final String CACHE_FILES_SIZES = "mapreduce.job.cache.files.filesizes";
  /** Set at submission: each cache archive's length. */
  public static final String CACHE_ARCHIVES_SIZES = "mapreduce.job.cache.archives.filesizes";
  /** Set at submission: each cache file's modification time; a file changed since fails the task. */
  public static final String CACHE_FILES_TIMESTAMPS = "mapreduce.job.cache.files.timestamps";
  /** Set at submission: each cache archive's modification time. */
  public static final String CACHE_ARCHIVES_TIMESTAMPS = "mapreduce.job.cache.archives.timestamps";
  /** Set in each task's configuration: the local copies of the cache files, in their order. */
  public static final String CACHE_LOCAL_FILES = "mapreduce.job.cache.local.files";
  /** Set in each task's configuration: the unpacked cache archives, in their order. */
  public static final String CACHE_LOCAL_ARCHIVES = "mapreduce.job.cache.local.archives";
  /** Set in each task's configuration: the attempt's local working directory. */
  public static final String TASK_WORK_DIR = "mapreduce.task.work.dir";
  public static final String MAP_OUTPUT_COMPRESS = "mapreduce.map.output.compress";
  public static final String MAP_OUTPUT_COMPRESS_CODEC = "mapreduce.map.output.compress.codec";
  /** GPUs each map task needs: it runs only on a worker with that many free. */
  public static final String MAP_GPUS = "mapreduce.map.gpus";
  /** GPUs each reduce task needs. */
  public static final String REDUCE_GPUS = "mapreduce.reduce.gpus";
  /** Set in each task's configuration on a cluster: the ids of the GPUs the attempt holds, comma-separated. */
  public static final String TASK_GPUS = "mapreduce.task.gpus";

  private MRJobConfig() {}
}
