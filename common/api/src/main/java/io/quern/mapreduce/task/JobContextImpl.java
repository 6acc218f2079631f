package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.RawComparator;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import io.quern.mapred.NewApiBridges;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.TextInputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import io.quern.mapreduce.lib.partition.HashPartitioner;

/** A job's configuration read through {@link JobContext}'s typed getters. */
public class JobContextImpl implements JobContext {
  /**
   * With jobId: confined to the thread configuring the job (Job's setters); only read once it is submitted
   * or handed to a task.
   */
  protected final Configuration conf;
  private JobID jobId;

  public JobContextImpl(Configuration conf, JobID jobId) {
    this.conf = conf;
    this.jobId = jobId;
  }

  @Override
  public Configuration getConfiguration() {
    return conf;
  }

  @Override
  public JobID getJobID() {
    return jobId;
  }

  protected void setJobID(JobID id) {
    this.jobId = id;
  }

  @Override
  public String getJobName() {
    return conf.get(MRJobConfig.JOB_NAME, "");
  }

  @Override
  public int getNumReduceTasks() {
    return MapredKeys.NUM_REDUCES.getInt(conf);
  }

  @Override
  public Class<?> getOutputKeyClass() {
    return conf.getClass(MRJobConfig.OUTPUT_KEY_CLASS, LongWritable.class, Object.class);
  }

  @Override
  public Class<?> getOutputValueClass() {
    return conf.getClass(MRJobConfig.OUTPUT_VALUE_CLASS, Text.class, Object.class);
  }

  @Override
  public Class<?> getMapOutputKeyClass() {
    Class<?> c = conf.getClass(MRJobConfig.MAP_OUTPUT_KEY_CLASS, null, Object.class);
    return c != null ? c : getOutputKeyClass();
  }

  @Override
  public Class<?> getMapOutputValueClass() {
    Class<?> c = conf.getClass(MRJobConfig.MAP_OUTPUT_VALUE_CLASS, null, Object.class);
    return c != null ? c : getOutputValueClass();
  }

  /** An old-API job's map side runs through {@link NewApiBridges}. */
  private boolean oldMapSide() {
    return !MapredKeys.MAPPER_NEW_API.getBoolean(conf);
  }

  /** An old-API job's reduce side runs through {@link NewApiBridges}. */
  private boolean oldReduceSide() {
    return !MapredKeys.REDUCER_NEW_API.getBoolean(conf);
  }

  @SuppressWarnings("unchecked")
  private <T> T cls(String key, Class<?> dflt, Class<?> iface) {
    return (T) conf.getClass(key, (Class) dflt, (Class) iface);
  }

  @Override
  public Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() {
    return oldMapSide() ? NewApiBridges.MAPPER
        : cls(MRJobConfig.MAP_CLASS, Mapper.class, Mapper.class);
  }

  @Override
  public Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() {
    return oldMapSide() ? NewApiBridges.combiner(conf)
        : cls(MRJobConfig.COMBINE_CLASS, null, Reducer.class);
  }

  @Override
  public Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() {
    return oldReduceSide() ? NewApiBridges.REDUCER
        : cls(MRJobConfig.REDUCE_CLASS, Reducer.class, Reducer.class);
  }

  @Override
  public Class<? extends Partitioner<?, ?>> getPartitionerClass() {
    return oldMapSide() ? NewApiBridges.PARTITIONER
        : cls(MRJobConfig.PARTITIONER_CLASS, HashPartitioner.class, Partitioner.class);
  }

  @Override
  public Class<? extends InputFormat<?, ?>> getInputFormatClass() {
    return oldMapSide() ? NewApiBridges.INPUT_FORMAT
        : cls(MRJobConfig.INPUT_FORMAT_CLASS, TextInputFormat.class, InputFormat.class);
  }

  @Override
  public Class<? extends OutputFormat<?, ?>> getOutputFormatClass() {
    return oldReduceSide() ? NewApiBridges.OUTPUT_FORMAT
        : cls(MRJobConfig.OUTPUT_FORMAT_CLASS, TextOutputFormat.class, OutputFormat.class);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public RawComparator<?> getSortComparator() {
    Class<? extends RawComparator> c = conf.getClass(MRJobConfig.SORT_COMPARATOR_CLASS, null, RawComparator.class);
    if (c != null) {
      return ReflectionUtil.newInstance(c, conf);
    }
    return WritableComparator.get(getMapOutputKeyClass());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public RawComparator<?> getGroupingComparator() {
    Class<? extends RawComparator> c = conf.getClass(MRJobConfig.GROUP_COMPARATOR_CLASS, null, RawComparator.class);
    return c != null ? ReflectionUtil.newInstance(c, conf) : getSortComparator();
  }

  @Override
  public String getJar() {
    return conf.get(MRJobConfig.JAR);
  }

  @Override
  public String getUser() {
    String user = conf.getTrimmed(MRJobConfig.USER_NAME);
    return user != null ? user : System.getProperty("user.name");
  }
}
