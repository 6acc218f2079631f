package io.quern.mapreduce;

/**
 * Names of the job configuration keys; each has a default and description in mapred-default.xml.
 * An interface, as in Hadoop, so that a {@link JobContext} is one (code compares and stores
 * contexts as {@code MRJobConfig}).
 */
public interface MRJobConfig {
  String JOB_NAME = "mapreduce.job.name";
  String USER_NAME = "mapreduce.job.user.name";
  String JAR = "mapreduce.job.jar";
  String PRIORITY = "mapred.job.priority";
  String FRAMEWORK_NAME = "mapreduce.framework.name";
  String MAP_CLASS = "mapreduce.job.map.class";
  String COMBINE_CLASS = "mapreduce.job.combine.class";
  String REDUCE_CLASS = "mapreduce.job.reduce.class";
  String PARTITIONER_CLASS = "mapreduce.job.partitioner.class";
  String INPUT_FORMAT_CLASS = "mapreduce.job.inputformat.class";
  String OUTPUT_FORMAT_CLASS = "mapreduce.job.outputformat.class";
  String SORT_COMPARATOR_CLASS = "mapreduce.job.output.key.comparator.class";
  String GROUP_COMPARATOR_CLASS = "mapreduce.job.output.group.comparator.class";
  String NUM_REDUCES = "mapred.reduce.tasks";
  /** The number of maps of jobs whose input format is told a count; Hadoop 2's name for it is mapreduce.job.maps. */
  String NUM_MAPS = "mapred.map.tasks";
  String MAP_OUTPUT_KEY_CLASS = "mapreduce.map.output.key.class";
  String MAP_OUTPUT_VALUE_CLASS = "mapreduce.map.output.value.class";
  String OUTPUT_KEY_CLASS = "mapreduce.job.output.key.class";
  String OUTPUT_VALUE_CLASS = "mapreduce.job.output.value.class";
  /** False when the job's map side (mapper, input format, partitioner, combiner) is old API ({@code io.quern.mapred}). */
  String MAPPER_NEW_API = "mapred.mapper.new-api";
  /** False when the job's reduce side (reducer, output format) is old API ({@code io.quern.mapred}). */
  String REDUCER_NEW_API = "mapred.reducer.new-api";
  /** A job's own say on backup attempts of its maps / reduces; the cluster's setting must allow them too. */
  String MAP_SPECULATIVE = "mapred.map.tasks.speculative.execution";
  String REDUCE_SPECULATIVE = "mapred.reduce.tasks.speculative.execution";
  /** Hadoop 2's names for the same say; either set to false turns backups off for the job. */
  String MAP_SPECULATIVE_NEW = "mapreduce.map.speculative";
  String REDUCE_SPECULATIVE_NEW = "mapreduce.reduce.speculative";
  /**
   * Share (percent) of a job's maps / reduces that may fail for good (all attempts used) while
   * the job still succeeds without their output; 0, the default, fails the job on the first.
   */
  String MAP_FAILURES_MAX_PERCENT = "mapreduce.map.failures.maxpercent";
  String COMPLETED_MAPS_FOR_REDUCE_SLOWSTART = "mapreduce.job.reduce.slowstart.completedmaps";
  String REDUCE_FAILURES_MAX_PERCENT = "mapreduce.reduce.failures.maxpercent";
  String STAGING_DIR = "mapreduce.jobtracker.staging.root.dir";
  /** Local files the client ships to every task's working directory (Hadoop's {@code -files}). */
  String SHIP_FILES = "tmpfiles";
  /** Local or DFS archives the client ships, unpacked in every task's working directory ({@code -archives}). */
  String SHIP_ARCHIVES = "tmparchives";
  /** Local or DFS jars the client ships onto the tasks' class path ({@code -libjars}). */
  String SHIP_JARS = "tmpjars";
  /** The job's cache files, {@code URI[#name]}: each task finds each in its working directory. */
  String CACHE_FILES = "mapreduce.job.cache.files";
  /** The job's cache archives, {@code URI[#name]}: unpacked, a directory in each task's working directory. */
  String CACHE_ARCHIVES = "mapreduce.job.cache.archives";
  /** Cache files whose local copies go on the tasks' class path. */
  String CLASSPATH_FILES = "mapreduce.job.classpath.files";
  /** Cache archives whose unpacked directories go on the tasks' class path. */
  String CLASSPATH_ARCHIVES = "mapreduce.job.classpath.archives";
  /** Set at submission: each cache file's length, which the tasks' copies must have. */
  String CACHE_FILES_SIZES = "mapreduce.job.cache.files.filesizes";
  /** Set at submission: each cache archive's length. */
  String CACHE_ARCHIVES_SIZES = "mapreduce.job.cache.archives.filesizes";
  /** Set at submission: each cache file's modification time; a file changed since fails the task. */
  String CACHE_FILES_TIMESTAMPS = "mapreduce.job.cache.files.timestamps";
  /** Set at submission: each cache archive's modification time. */
  String CACHE_ARCHIVES_TIMESTAMPS = "mapreduce.job.cache.archives.timestamps";
  /** Set in each task's configuration: the local copies of the cache files, in their order. */
  String CACHE_LOCAL_FILES = "mapreduce.job.cache.local.files";
  /** Set in each task's configuration: the unpacked cache archives, in their order. */
  String CACHE_LOCAL_ARCHIVES = "mapreduce.job.cache.local.archives";
  /** Set in each task's configuration: the attempt's local working directory. */
  String TASK_WORK_DIR = "mapreduce.task.work.dir";
  String MAP_OUTPUT_COMPRESS = "mapreduce.map.output.compress";
  String MAP_OUTPUT_COMPRESS_CODEC = "mapreduce.map.output.compress.codec";
  /** GPUs each map task needs: it runs only on a worker with that many free. */
  String MAP_GPUS = "mapreduce.map.gpus";
  /** GPUs each reduce task needs. */
  String REDUCE_GPUS = "mapreduce.reduce.gpus";
  /** Set in each task's configuration on a cluster: the ids of the GPUs the attempt holds, comma-separated. */
  String TASK_GPUS = "mapreduce.task.gpus";
  /**
   * Milliseconds a task attempt may go without reporting progress before it is killed; 0 or less
   * means never (Hadoop 1's name, {@value TaskTimeouts#OLD_KEY}, is read too).
   */
  String TASK_TIMEOUT = TaskTimeouts.KEY;
}
