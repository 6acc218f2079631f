package io.quern.mapred;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.RawComparator;
import io.quern.io.Text;
import io.quern.mapred.lib.HashPartitioner;
import io.quern.mapred.lib.IdentityMapper;
import io.quern.mapred.lib.IdentityReducer;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.util.ClassUtil;
import io.quern.util.ReflectionUtils;

/**
 * An old-API job's configuration, as Hadoop's {@code JobConf}: what {@link JobClient} submits
 * and what old-API classes are configured with. Settings shared with the new API (name, jar,
 * reduces, key and value classes, comparators, input and output paths) use the same keys as
 * {@link io.quern.mapreduce.Job}; the old-API classes have keys of their own, read by the
 * engine's bridges when the job runs through {@link JobClient}.
 */
// The setters take raw class types, as Hadoop's do, so that users pass plain class literals.
@SuppressWarnings("rawtypes")
public class JobConf extends Configuration {
  static final String MAPPER_CLASS = "mapred.mapper.class";
  static final String COMBINER_CLASS = "mapred.combiner.class";
  static final String REDUCER_CLASS = "mapred.reducer.class";
  static final String PARTITIONER_CLASS = "mapred.partitioner.class";
  static final String INPUT_FORMAT_CLASS = "mapred.input.format.class";
  static final String OUTPUT_FORMAT_CLASS = "mapred.output.format.class";
  static final String NUM_MAPS = io.quern.mapreduce.MRJobConfig.NUM_MAPS;
  static final String MAP_MAX_ATTEMPTS = "mapred.map.max.attempts";
  static final String REDUCE_MAX_ATTEMPTS = "mapred.reduce.max.attempts";
  static final String MAP_SPECULATIVE = "mapred.map.tasks.speculative.execution";
  static final String REDUCE_SPECULATIVE = "mapred.reduce.tasks.speculative.execution";

  /** The defaults and site files. */
  public JobConf() {
    super();
    getCredentials(); // a JobConf has its own from the start, and its copies share them, as in Hadoop
  }

  /** The defaults and site files; the job jar is the one holding {@code exampleClass}. */
  public JobConf(Class<?> exampleClass) {
    this();
    setJarByClass(exampleClass);
  }

  /** A copy of {@code conf}, with its class loader. */
  public JobConf(Configuration conf) {
    super(conf);
    setClassLoader(conf.getClassLoader());
    getCredentials();
  }

  public JobConf(Configuration conf, Class<?> exampleClass) {
    this(conf);
    setJarByClass(exampleClass);
  }

  /** With {@code loadDefaults} false the configuration starts empty. */
  public JobConf(boolean loadDefaults) {
    super(loadDefaults);
    getCredentials();
  }

  // ---- naming and shipping ----

  public void setJobName(String name) {
    set(MRJobConfig.JOB_NAME, name);
  }

  public String getJobName() {
    return get(MRJobConfig.JOB_NAME, "");
  }

  public void setUser(String user) {
    set(MRJobConfig.USER_NAME, user);
  }

  /** The submitting user: the one set, else this JVM's. */
  public String getUser() {
    return context().getUser();
  }

  public void setJar(String jar) {
    set(MRJobConfig.JAR, jar);
  }

  public String getJar() {
    return get(MRJobConfig.JAR);
  }

  /** Ships the jar holding this class with the job (nothing to ship when it is a directory). */
  public void setJarByClass(Class<?> cls) {
    String jar = ClassUtil.findContainingJar(cls);
    if (jar != null) {
      setJar(jar);
    }
  }

  // ---- tasks ----

  /** A hint: file input formats cut the input into about this many splits. */
  public void setNumMapTasks(int n) {
    setInt(NUM_MAPS, n);
  }

  public int getNumMapTasks() {
    return getInt(NUM_MAPS, 1);
  }

  /** 0 makes a map-only job whose maps write the output directly. */
  public void setNumReduceTasks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("number of reduce tasks must be >= 0: " + n);
    }
    setInt(MRJobConfig.NUM_REDUCES, n);
  }

  public int getNumReduceTasks() {
    return context().getNumReduceTasks();
  }

  /** Attempts of one map before the job fails. */
  public void setMaxMapAttempts(int n) {
    setInt(MAP_MAX_ATTEMPTS, n);
  }

  public int getMaxMapAttempts() {
    return getInt(MAP_MAX_ATTEMPTS, 4);
  }

  public void setMaxReduceAttempts(int n) {
    setInt(REDUCE_MAX_ATTEMPTS, n);
  }

  public int getMaxReduceAttempts() {
    return getInt(REDUCE_MAX_ATTEMPTS, 4);
  }

  /** False keeps the master from starting backup attempts of this job's slow tasks. */
  public void setSpeculativeExecution(boolean on) {
    setMapSpeculativeExecution(on);
    setReduceSpeculativeExecution(on);
  }

  public boolean getSpeculativeExecution() {
    return getMapSpeculativeExecution() || getReduceSpeculativeExecution();
  }

  public void setMapSpeculativeExecution(boolean on) {
    setBoolean(MAP_SPECULATIVE, on);
  }

  public boolean getMapSpeculativeExecution() {
    return getBoolean(MAP_SPECULATIVE, true);
  }

  public void setReduceSpeculativeExecution(boolean on) {
    setBoolean(REDUCE_SPECULATIVE, on);
  }

  public boolean getReduceSpeculativeExecution() {
    return getBoolean(REDUCE_SPECULATIVE, true);
  }

  // ---- the job's classes ----

  public void setMapperClass(Class<? extends Mapper> cls) {
    setClass(MAPPER_CLASS, cls, Mapper.class);
  }

  @SuppressWarnings("unchecked")
  public Class<? extends Mapper> getMapperClass() {
    return getClass(MAPPER_CLASS, IdentityMapper.class, Mapper.class);
  }

  /** A reducer run on map output before it is spilled; its output must keep the map output's types. */
  public void setCombinerClass(Class<? extends Reducer> cls) {
    setClass(COMBINER_CLASS, cls, Reducer.class);
  }

  /** The combiner, or null. */
  public Class<? extends Reducer> getCombinerClass() {
    return getClass(COMBINER_CLASS, null, Reducer.class);
  }

  public void setReducerClass(Class<? extends Reducer> cls) {
    setClass(REDUCER_CLASS, cls, Reducer.class);
  }

  public Class<? extends Reducer> getReducerClass() {
    return getClass(REDUCER_CLASS, IdentityReducer.class, Reducer.class);
  }

  public void setPartitionerClass(Class<? extends Partitioner> cls) {
    setClass(PARTITIONER_CLASS, cls, Partitioner.class);
  }

  public Class<? extends Partitioner> getPartitionerClass() {
    return getClass(PARTITIONER_CLASS, HashPartitioner.class, Partitioner.class);
  }

  public void setInputFormat(Class<? extends InputFormat> cls) {
    setClass(INPUT_FORMAT_CLASS, cls, InputFormat.class);
  }

  /** A new instance of the job's input format (text by default), configured with this. */
  public InputFormat getInputFormat() {
    return ReflectionUtils.newInstance(getClass(INPUT_FORMAT_CLASS, TextInputFormat.class, InputFormat.class), this);
  }

  public void setOutputFormat(Class<? extends OutputFormat> cls) {
    setClass(OUTPUT_FORMAT_CLASS, cls, OutputFormat.class);
  }

  /** A new instance of the job's output format (text by default), configured with this. */
  public OutputFormat getOutputFormat() {
    return ReflectionUtils.newInstance(getClass(OUTPUT_FORMAT_CLASS, TextOutputFormat.class, OutputFormat.class),
        this);
  }

  // ---- key and value types, order and grouping ----

  public void setOutputKeyClass(Class<?> cls) {
    setClass(MRJobConfig.OUTPUT_KEY_CLASS, cls, Object.class);
  }

  public Class<?> getOutputKeyClass() {
    return getClass(MRJobConfig.OUTPUT_KEY_CLASS, LongWritable.class, Object.class);
  }

  public void setOutputValueClass(Class<?> cls) {
    setClass(MRJobConfig.OUTPUT_VALUE_CLASS, cls, Object.class);
  }

  public Class<?> getOutputValueClass() {
    return getClass(MRJobConfig.OUTPUT_VALUE_CLASS, Text.class, Object.class);
  }

  public void setMapOutputKeyClass(Class<?> cls) {
    setClass(MRJobConfig.MAP_OUTPUT_KEY_CLASS, cls, Object.class);
  }

  /** The map output key class; by default the job's output key class. */
  public Class<?> getMapOutputKeyClass() {
    return context().getMapOutputKeyClass();
  }

  public void setMapOutputValueClass(Class<?> cls) {
    setClass(MRJobConfig.MAP_OUTPUT_VALUE_CLASS, cls, Object.class);
  }

  public Class<?> getMapOutputValueClass() {
    return context().getMapOutputValueClass();
  }

  /** Orders the map output keys for the reducers. */
  public void setOutputKeyComparatorClass(Class<? extends RawComparator> cls) {
    setClass(MRJobConfig.SORT_COMPARATOR_CLASS, cls, RawComparator.class);
  }

  /** The sort comparator: the one set, else the map output key class's registered one. */
  public RawComparator getOutputKeyComparator() {
    return context().getSortComparator();
  }

  /** Decides which keys share one reduce call (secondary sort). */
  public void setOutputValueGroupingComparator(Class<? extends RawComparator> cls) {
    setClass(MRJobConfig.GROUP_COMPARATOR_CLASS, cls, RawComparator.class);
  }

  /** The grouping comparator: the one set, else the sort comparator. */
  public RawComparator getOutputValueGroupingComparator() {
    return context().getGroupingComparator();
  }

  /** The shared getters read this configuration as the new API's job context does. */
  private JobContextImpl context() {
    return new JobContextImpl(this, null);
  }
}
