package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic input without files: rows {@code 0..ROWS-1} cut into MAPS splits, each row a
 * LongWritable key. Drives teragen, pi and sleep.
 */
public class RangeInputFormat extends InputFormat<LongWritable, NullWritable> {
  public static final String ROWS = "examples.range.rows";
  public static final String MAPS = "examples.range.maps";

  public static void configure(Configuration conf, long rows, int maps) {
    conf.setLong(ROWS, rows);
    conf.setInt(MAPS, maps);
  }

  /** A range of rows. */
  public static class RangeSplit extends InputSplit implements Writable {
    long first;
    long count;

    public RangeSplit() {}

    RangeSplit(long first, long count) {
      this.first = first;
      this.count = count;
    }

    @Override
    public long getLength() {
      return count;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(first);
      out.writeLong(count);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      first = in.readLong();
      count = in.readLong();
    }
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    long rows = ExampleKeys.RANGE_ROWS.getLong(context.getConfiguration());
    int maps = Math.max(1, ExampleKeys.RANGE_MAPS.getInt(context.getConfiguration()));
    List<InputSplit> splits = new ArrayList<>();
    long first = 0;
    for (int i = 0; i < maps; i++) {
      long end = rows * (i + 1) / maps;
      splits.add(new RangeSplit(first, end - first));
      first = end;
    }
    return splits;
  }

  @Override
  public RecordReader<LongWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private RangeSplit range;
      private long next;
      private final LongWritable key = new LongWritable();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
        range = (RangeSplit) s;
        next = range.first;
      }

      @Override
      public boolean nextKeyValue() {
        if (next >= range.first + range.count) {
          return false;
        }
        key.set(next++);
        return true;
      }

      @Override
      public LongWritable getCurrentKey() {
        return key;
      }

      @Override
      public NullWritable getCurrentValue() {
        return NullWritable.get();
      }

      @Override
      public float getProgress() {
        return range.count == 0 ? 1f : (next - range.first) / (float) range.count;
      }

      @Override
      public void close() {}
    };
  }
}
