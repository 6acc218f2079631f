package io.quern.mapreduce.lib.map;

import io.quern.conf.Configuration;
import io.quern.io.RawComparator;
import io.quern.mapreduce.Counter;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MapContext;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptID;
import java.io.IOException;

/**
 * Turns any {@link MapContext} into the {@link Mapper.Context} a mapper's methods take, so a
 * mapper can run over records that come from somewhere else than the task's own reader (a
 * chain's previous stage, the inner split of a tagged one).
 */
public class WrappedMapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT> extends Mapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /** A mapper context whose every call goes to {@code mapContext}. */
  public Mapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT>.Context getMapContext(
      MapContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> mapContext) {
    return new Context(mapContext);
  }

  /** The context of a {@link WrappedMapper}: each method delegates to the wrapped one. */
  public class Context extends Mapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT>.Context {
    /** Written once, by the constructor; the context it wraps is the task's. */
    protected MapContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> mapContext;

    public Context(MapContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> mapContext) {
      this.mapContext = mapContext;
    }

    @Override public InputSplit getInputSplit() { return mapContext.getInputSplit(); }
    @Override public boolean nextKeyValue() throws IOException, InterruptedException { return mapContext.nextKeyValue(); }
    @Override public KEYIN getCurrentKey() throws IOException, InterruptedException { return mapContext.getCurrentKey(); }
    @Override public VALUEIN getCurrentValue() throws IOException, InterruptedException { return mapContext.getCurrentValue(); }
    @Override public void write(KEYOUT k, VALUEOUT v) throws IOException, InterruptedException { mapContext.write(k, v); }
    @Override public OutputCommitter getOutputCommitter() { return mapContext.getOutputCommitter(); }
    @Override public TaskAttemptID getTaskAttemptID() { return mapContext.getTaskAttemptID(); }
    @Override public void setStatus(String msg) { mapContext.setStatus(msg); }
    @Override public String getStatus() { return mapContext.getStatus(); }
    @Override public void progress() { mapContext.progress(); }
    @Override public float getProgress() { return mapContext.getProgress(); }
    @Override public Counter getCounter(Enum<?> c) { return mapContext.getCounter(c); }
    @Override public Counter getCounter(String g, String n) { return mapContext.getCounter(g, n); }
    @Override public Configuration getConfiguration() { return mapContext.getConfiguration(); }
    @Override public JobID getJobID() { return mapContext.getJobID(); }
    @Override public String getJobName() { return mapContext.getJobName(); }
    @Override public int getNumReduceTasks() { return mapContext.getNumReduceTasks(); }
    @Override public Class<?> getMapOutputKeyClass() { return mapContext.getMapOutputKeyClass(); }
    @Override public Class<?> getMapOutputValueClass() { return mapContext.getMapOutputValueClass(); }
    @Override public Class<?> getOutputKeyClass() { return mapContext.getOutputKeyClass(); }
    @Override public Class<?> getOutputValueClass() { return mapContext.getOutputValueClass(); }
    @Override public Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() throws ClassNotFoundException {
      return mapContext.getMapperClass();
    }
    @Override public Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() throws ClassNotFoundException {
      return mapContext.getCombinerClass();
    }
    @Override public Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() throws ClassNotFoundException {
      return mapContext.getReducerClass();
    }
    @Override public Class<? extends Partitioner<?, ?>> getPartitionerClass() throws ClassNotFoundException {
      return mapContext.getPartitionerClass();
    }
    @Override public Class<? extends InputFormat<?, ?>> getInputFormatClass() throws ClassNotFoundException {
      return mapContext.getInputFormatClass();
    }
    @Override public Class<? extends OutputFormat<?, ?>> getOutputFormatClass() throws ClassNotFoundException {
      return mapContext.getOutputFormatClass();
    }
    @Override public RawComparator<?> getSortComparator() { return mapContext.getSortComparator(); }
    @Override public RawComparator<?> getGroupingComparator() { return mapContext.getGroupingComparator(); }
    @Override public String getJar() { return mapContext.getJar(); }
    @Override public String getUser() { return mapContext.getUser(); }
  }
}
