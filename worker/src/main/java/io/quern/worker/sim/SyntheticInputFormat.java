package io.quern.worker.sim;

import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.worker.WorkerKeys;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@value #SPLITS} empty splits held on no host, so that a job has as many maps as
 * asked without any file: the master schedules them like any splits without locality. A map
 * over one (in a real child) reads no record.
 */
public class SyntheticInputFormat extends InputFormat<LongWritable, NullWritable> {
  public static final String SPLITS = "quern.sim.splits";

  /** The index of a split; its only content. */
  public static class SyntheticSplit extends InputSplit implements Writable {
    int index;

    public SyntheticSplit() {}

    SyntheticSplit(int index) {
      this.index = index;
    }

    @Override
    public long getLength() {
      return 0;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(index);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      index = in.readInt();
    }
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    int n = WorkerKeys.SIM_SPLITS.getInt(context.getConfiguration());
    if (n < 1) {
      throw new IllegalArgumentException(SPLITS + " must be at least 1, got " + n);
    }
    List<InputSplit> splits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      splits.add(new SyntheticSplit(i));
    }
    return splits;
  }

  @Override
  public RecordReader<LongWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {}

      @Override
      public boolean nextKeyValue() {
        return false;
      }

      @Override
      public LongWritable getCurrentKey() {
        return null;
      }

      @Override
      public NullWritable getCurrentValue() {
        return null;
      }

      @Override
      public float getProgress() {
        return 1f;
      }

      @Override
      public void close() {}
    };
  }
}
