package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.DataInputBuffer;
import io.quern.io.RawComparator;
import io.quern.io.Writable;
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
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.runtime.RawKeyValueIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The reduce context over a sorted stream of serialized records: keys are grouped with the
 * grouping comparator, and a group's values are deserialized one at a time as the reducer
 * iterates, so a group is never held in memory. The key object is refreshed with each value
 * (secondary sort reads the full key that way).
 */
public class ReduceContextImpl<KI, VI, KO, VO> extends DelegatingTaskContext
    implements ReduceContext<KI, VI, KO, VO> {
  // in, grouping, key, value and every non-final field below: confined to the reducing thread
  // (the task's, or a combiner's: a spill thread or the map thread).
  private final RawKeyValueIterator in;
  private final RawComparator<?> grouping;
  private final KI key;
  private final VI value;
  /**
   * Confined to the thread that writes: the reducing thread, or for a streaming reducer the
   * program's stdout reader, which StreamProcess.finish joins before the task closes the writer.
   */
  private final TaskOutput<KO, VO> output;
  /** Immutable reference; the committer is the task's. */
  private final OutputCommitter committer;
  /** The three counters: thread-safe (atomic). */
  private final Counter inputGroups;
  private final Counter inputRecords;
  private final Counter outputRecords;
  private byte[] groupKey = new byte[64];
  private int groupKeyLength;
  private boolean started;
  /** The iterator holds an unread record. */
  private boolean more;
  /** That record belongs to the current group and has not been handed out yet. */
  private boolean valuePending;
  /** The current group has no records left; the iterator holds the next group's first. */
  private boolean groupDone = true;

  @SuppressWarnings("unchecked")
  public ReduceContextImpl(TaskAttemptContextImpl attempt, RawKeyValueIterator in, Class<?> keyClass,
      Class<?> valueClass, RawComparator<?> grouping, TaskOutput<KO, VO> output, OutputCommitter committer) {
    super(attempt);
    this.in = in;
    this.grouping = grouping;
    this.key = (KI) ReflectionUtil.newInstance(keyClass, attempt.getConfiguration());
    this.value = (VI) ReflectionUtil.newInstance(valueClass, attempt.getConfiguration());
    this.output = output;
    this.committer = committer;
    this.inputGroups = attempt.getCounter(TaskCounter.REDUCE_INPUT_GROUPS);
    this.inputRecords = attempt.getCounter(TaskCounter.REDUCE_INPUT_RECORDS);
    this.outputRecords = attempt.getCounter(TaskCounter.REDUCE_OUTPUT_RECORDS);
  }

  private static void read(Writable w, DataInputBuffer b) throws IOException {
    int start = b.getPosition();
    w.readFields(b);
    b.reset(b.getData(), start, b.getLength() - start);
  }

  @Override
  public boolean nextKey() throws IOException {
    if (!started) {
      started = true;
      more = in.next();
    } else {
      while (!groupDone) {
        valuePending = false;
        advanceWithinGroup();
      }
    }
    if (!more) {
      return false;
    }
    DataInputBuffer k = in.getKey();
    int len = k.getLength() - k.getPosition();
    if (groupKey.length < len) {
      groupKey = new byte[Math.max(len, groupKey.length * 2)];
    }
    System.arraycopy(k.getData(), k.getPosition(), groupKey, 0, len);
    groupKeyLength = len;
    read((Writable) key, k);
    valuePending = true;
    groupDone = false;
    inputGroups.increment(1);
    attempt.progress();
    return true;
  }

  /** Moves to the next record; marks the group done when it belongs to another group. */
  private void advanceWithinGroup() throws IOException {
    more = in.next();
    if (!more) {
      groupDone = true;
      return;
    }
    DataInputBuffer k = in.getKey();
    int len = k.getLength() - k.getPosition();
    if (grouping.compare(groupKey, 0, groupKeyLength, k.getData(), k.getPosition(), len) != 0) {
      groupDone = true;
      return;
    }
    read((Writable) key, k);
    valuePending = true;
  }

  @Override
  public Iterable<VI> getValues() {
    return () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (valuePending) {
          return true;
        }
        if (groupDone) {
          return false;
        }
        try {
          advanceWithinGroup();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return valuePending;
      }

      @Override
      public VI next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        valuePending = false;
        try {
          ((Writable) value).readFields(in.getValue());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        inputRecords.increment(1);
        return value;
      }
    };
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (valuePending) {
      valuePending = false;
      ((Writable) value).readFields(in.getValue());
      inputRecords.increment(1);
      return true;
    }
    if (!groupDone) {
      advanceWithinGroup();
      if (valuePending) {
        return nextKeyValue();
      }
    }
    return nextKey() && nextKeyValue();
  }

  @Override
  public KI getCurrentKey() {
    return key;
  }

  @Override
  public VI getCurrentValue() {
    return value;
  }

  @Override
  public void write(KO k, VO v) throws IOException, InterruptedException {
    output.write(k, v);
    outputRecords.increment(1);
  }

  @Override
  public OutputCommitter getOutputCommitter() {
    return committer;
  }

  /** The user-facing {@link Reducer.Context} delegating to this. */
  public Reducer<KI, VI, KO, VO>.Context wrap(Reducer<KI, VI, KO, VO> reducer) {
    ReduceContextImpl<KI, VI, KO, VO> self = this;
    return reducer.new Context() {
      // Every method delegates to the implementation.
      @Override public boolean nextKey() throws IOException { return self.nextKey(); }
      @Override public Iterable<VI> getValues() { return self.getValues(); }
      @Override public boolean nextKeyValue() throws IOException { return self.nextKeyValue(); }
      @Override public KI getCurrentKey() { return self.getCurrentKey(); }
      @Override public VI getCurrentValue() { return self.getCurrentValue(); }
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
}
