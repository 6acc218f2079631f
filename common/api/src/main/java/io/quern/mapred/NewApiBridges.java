package io.quern.mapred;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;

/**
 * How the engine runs old-API jobs: with these new-API classes, each of which loads the job's
 * old-API class from its {@code mapred.*} key and drives it. The job context hands them out
 * in place of the job's own classes when {@code mapred.mapper.new-api} (mapper, input format,
 * partitioner, combiner) or {@code mapred.reducer.new-api} (reducer, output format) is false,
 * as {@link JobClient} sets them; so the local runner, the cluster client and the task
 * children run an old-API job unchanged.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class NewApiBridges {
  public static final Class<? extends Mapper<?, ?, ?, ?>> MAPPER = (Class) MapperBridge.class;
  public static final Class<? extends Reducer<?, ?, ?, ?>> REDUCER = (Class) ReducerBridge.class;
  public static final Class<? extends Partitioner<?, ?>> PARTITIONER = (Class) PartitionerBridge.class;
  public static final Class<? extends InputFormat<?, ?>> INPUT_FORMAT = (Class) InputFormatBridge.class;
  public static final Class<? extends OutputFormat<?, ?>> OUTPUT_FORMAT = (Class) OutputFormatBridge.class;

  private NewApiBridges() {}

  /** The combiner bridge when the job names an old-API combiner, else null (no combiner). */
  public static Class<? extends Reducer<?, ?, ?, ?>> combiner(Configuration conf) {
    return conf.getTrimmed(JobConf.COMBINER_CLASS) == null ? null : (Class) CombinerBridge.class;
  }
}
