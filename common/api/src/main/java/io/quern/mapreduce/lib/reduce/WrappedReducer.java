package io.quern.mapreduce.lib.reduce;

import io.quern.conf.Configuration;
import io.quern.io.RawComparator;
import io.quern.mapreduce.Counter;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.ReduceContext;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptID;
import java.io.IOException;

/**
 * Turns any {@link ReduceContext} into the {@link Reducer.Context} a reducer's methods take,
 * so a reducer can write somewhere else than the task's output (a chain's next stage).
 */
public class WrappedReducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT> extends Reducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /** A reducer context whose every call goes to {@code reduceContext}. */
  public Reducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT>.Context getReducerContext(
      ReduceContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> reduceContext) {
    return new Context(reduceContext);
  }

  /** The context of a {@link WrappedReducer}: each method delegates to the wrapped one. */
  public class Context extends Reducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT>.Context {
    /** Written once, by the constructor; the context it wraps is the task's. */
    protected ReduceContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> reduceContext;

    public Context(ReduceContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> reduceContext) {
      this.reduceContext = reduceContext;
    }

    @Override public boolean nextKey() throws IOException, InterruptedException { return reduceContext.nextKey(); }
    @Override public Iterable<VALUEIN> getValues() throws IOException, InterruptedException { return reduceContext.getValues(); }
    @Override public boolean nextKeyValue() throws IOException, InterruptedException { return reduceContext.nextKeyValue(); }
    @Override public KEYIN getCurrentKey() throws IOException, InterruptedException { return reduceContext.getCurrentKey(); }
    @Override public VALUEIN getCurrentValue() throws IOException, InterruptedException { return reduceContext.getCurrentValue(); }
    @Override public void write(KEYOUT k, VALUEOUT v) throws IOException, InterruptedException { reduceContext.write(k, v); }
    @Override public OutputCommitter getOutputCommitter() { return reduceContext.getOutputCommitter(); }
    @Override public TaskAttemptID getTaskAttemptID() { return reduceContext.getTaskAttemptID(); }
    @Override public void setStatus(String msg) { reduceContext.setStatus(msg); }
    @Override public String getStatus() { return reduceContext.getStatus(); }
    @Override public void progress() { reduceContext.progress(); }
    @Override public float getProgress() { return reduceContext.getProgress(); }
    @Override public Counter getCounter(Enum<?> c) { return reduceContext.getCounter(c); }
    @Override public Counter getCounter(String g, String n) { return reduceContext.getCounter(g, n); }
    @Override public Configuration getConfiguration() { return reduceContext.getConfiguration(); }
    @Override public JobID getJobID() { return reduceContext.getJobID(); }
    @Override public String getJobName() { return reduceContext.getJobName(); }
    @Override public int getNumReduceTasks() { return reduceContext.getNumReduceTasks(); }
    @Override public Class<?> getMapOutputKeyClass() { return reduceContext.getMapOutputKeyClass(); }
    @Override public Class<?> getMapOutputValueClass() { return reduceContext.getMapOutputValueClass(); }
    @Override public Class<?> getOutputKeyClass() { return reduceContext.getOutputKeyClass(); }
    @Override public Class<?> getOutputValueClass() { return reduceContext.getOutputValueClass(); }
    @Override public Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() throws ClassNotFoundException {
      return reduceContext.getMapperClass();
    }
    @Override public Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() throws ClassNotFoundException {
      return reduceContext.getCombinerClass();
    }
    @Override public Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() throws ClassNotFoundException {
      return reduceContext.getReducerClass();
    }
    @Override public Class<? extends Partitioner<?, ?>> getPartitionerClass() throws ClassNotFoundException {
      return reduceContext.getPartitionerClass();
    }
    @Override public Class<? extends InputFormat<?, ?>> getInputFormatClass() throws ClassNotFoundException {
      return reduceContext.getInputFormatClass();
    }
    @Override public Class<? extends OutputFormat<?, ?>> getOutputFormatClass() throws ClassNotFoundException {
      return reduceContext.getOutputFormatClass();
    }
    @Override public RawComparator<?> getSortComparator() { return reduceContext.getSortComparator(); }
    @Override public RawComparator<?> getGroupingComparator() { return reduceContext.getGroupingComparator(); }
    @Override public String getJar() { return reduceContext.getJar(); }
    @Override public String getUser() { return reduceContext.getUser(); }
  }
}
