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
  public static final String MAP_OUTPUT_KEY_CLASS = "mapreduce.map.output.key.class";
  public static final String MAP_OUTPUT_VALUE_CLASS = "mapreduce.map.output.value.class";
  public static final String OUTPUT_KEY_CLASS = "mapreduce.job.output.key.class";
  public static final String OUTPUT_VALUE_CLASS = "mapreduce.job.output.value.class";
  public static final String STAGING_DIR = "mapreduce.jobtracker.staging.root.dir";
  public static final String MAP_OUTPUT_COMPRESS = "mapreduce.map.output.compress";
  public static final String MAP_OUTPUT_COMPRESS_CODEC = "mapreduce.map.output.compress.codec";

  private MRJobConfig() {}
}
