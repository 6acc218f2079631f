package io.quern.mapreduce.task;

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
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskCounter;
import java.io.IOException;

/** The map context: records from the split's reader, output to a collector. */
public class MapContextImpl<KI, VI, KO, VO> extends DelegatingTaskContext
    implements MapContext<KI, VI, KO, VO> {
  /** Confined to the task's thread (the mapper's nextKeyValue calls). */
  private final RecordReader<KI, VI> reader;
  /** Immutable reference, set at construction. */
  private final InputSplit split;
  /**
   * Confined to the thread that writes: the task's, or for a streaming mapper the program's stdout
   * reader, which StreamProcess.finish joins before the task flushes or closes the output.
   */
  private final TaskOutput<KO, VO> output;
  /** Immutable reference; the committer is the task's. */
  private final OutputCommitter committer;
  /** The two counters: thread-safe (atomic). */
  private final Counter inputRecords;
  private final Counter outputRecords;

  public MapContextImpl(TaskAttemptContextImpl attempt, RecordReader<KI, VI> reader, InputSplit split,
      TaskOutput<KO, VO> output, OutputCommitter committer) {
    super(attempt);
    this.reader = reader;
    this.split = split;
    this.output = output;
    this.committer = committer;
    this.inputRecords = attempt.getCounter(TaskCounter.MAP_INPUT_RECORDS);
    this.outputRecords = attempt.getCounter(TaskCounter.MAP_OUTPUT_RECORDS);
  }

  /** The user-facing {@link Mapper.Context} delegating to this. */
  public Mapper<KI, VI, KO, VO>.Context wrap(Mapper<KI, VI, KO, VO> mapper) {
    MapContextImpl<KI, VI, KO, VO> self = this;
    return mapper.new Context() {
      // Every method delegates to the implementation.
      @Override public InputSplit getInputSplit() { return self.getInputSplit(); }
      @Override public boolean nextKeyValue() throws IOException, InterruptedException { return self.nextKeyValue(); }
      @Override public KI getCurrentKey() throws IOException, InterruptedException { return self.getCurrentKey(); }
      @Override public VI getCurrentValue() throws IOException, InterruptedException { return self.getCurrentValue(); }
      @Override public void write(KO k, VO v) throws IOException, InterruptedException { self.write(k, v); }
      @Override public OutputCommitter getOutputCommitter() { return self.getOutputCommitter(); }
      @Override public TaskAttemptID getTaskAttemptID() { return self.getTaskAttemptID(); }
      @Override public void setStatus(String msg) { self.setStatus(msg); }
      @Override public String getStatus() { return self.getStatus(); }
      @Override public void progress() { self.progress(); }
      @Override public float getProgress() { return self.getProgress(); }
      @Override public Counter getCounter(Enum<?> c) { return self.getCounter(c); }
      @Override public Counter getCounter(String g, String n) { return self.getCounter(g, n); }
      @Override public Configuration getConfiguration() { return self.getConfiguration(); }
      @Override public JobID getJobID() { return self.getJobID(); }
      @Override public String getJobName() { return self.getJobName(); }
      @Override public int getNumReduceTasks() { return self.getNumReduceTasks(); }
      @Override public Class<?> getMapOutputKeyClass() { return self.getMapOutputKeyClass(); }
      @Override public Class<?> getMapOutputValueClass() { return self.getMapOutputValueClass(); }
      @Override public Class<?> getOutputKeyClass() { return self.getOutputKeyClass(); }
      @Override public Class<?> getOutputValueClass() { return self.getOutputValueClass(); }
      @Override public Class<? extends Mapper<?, ?, ?, ?>> getMapperClass() { return self.getMapperClass(); }
      @Override public Class<? extends Reducer<?, ?, ?, ?>> getCombinerClass() { return self.getCombinerClass(); }
      @Override public Class<? extends Reducer<?, ?, ?, ?>> getReducerClass() { return self.getReducerClass(); }
      @Override public Class<? extends Partitioner<?, ?>> getPartitionerClass() { return self.getPartitionerClass(); }
      @Override public Class<? extends InputFormat<?, ?>> getInputFormatClass() { return self.getInputFormatClass(); }
      @Override public Class<? extends OutputFormat<?, ?>> getOutputFormatClass() { return self.getOutputFormatClass(); }
      @Override public RawComparator<?> getSortComparator() { return self.getSortComparator(); }
      @Override public RawComparator<?> getGroupingComparator() { return self.getGroupingComparator(); }
      @Override public String getJar() { return self.getJar(); }
      @Override public String getUser() { return self.getUser(); }
    };
  }

  @Override
  public InputSplit getInputSplit() {
    return split;
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    boolean more = reader.nextKeyValue();
    if (more) {
      inputRecords.increment(1);
      attempt.setProgress(reader.getProgress());
    }
    return more;
  }

  @Override
  public KI getCurrentKey() throws IOException, InterruptedException {
    return reader.getCurrentKey();
  }

  @Override
  public VI getCurrentValue() throws IOException, InterruptedException {
    return reader.getCurrentValue();
  }

  @Override
  public void write(KO key, VO value) throws IOException, InterruptedException {
    output.write(key, value);
    outputRecords.increment(1);
  }

  @Override
  public OutputCommitter getOutputCommitter() {
    return committer;
  }

}
