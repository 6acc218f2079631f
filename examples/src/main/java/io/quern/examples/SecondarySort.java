package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.RawComparator;
import io.quern.io.Text;
import io.quern.io.WritableComparable;
import io.quern.io.WritableComparator;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.StringTokenizer;

/**
 * Sorts the values of each key: {@code secondarysort IN OUT}. Input lines hold two integers
 * {@code a b}; the output lists, for each {@code a} in order, a separator line and then
 * {@code a TAB b} for each of its {@code b} in increasing order. The framework does the value
 * sort: the map key is the pair (a, b), partitioned and grouped on {@code a} alone, so one
 * reduce call sees all of an {@code a}'s pairs, already sorted by {@code b}.
 */
public class SecondarySort extends Configured implements Tool {
  /** Printed before each group, as Hadoop's example does. */
  static final String SEPARATOR = "------------------------------------------------";

  /**
   * A pair of ints. Each is written as big-endian bits of {@code value - Integer.MIN_VALUE},
   * so that comparing the 8 bytes unsigned orders pairs as numbers: first, then second.
   */
  public static class IntPair implements WritableComparable<IntPair> {
    private int first;
    private int second;

    static {
      WritableComparator.define(IntPair.class, new Comparator());
    }

    public void set(int first, int second) {
      this.first = first;
      this.second = second;
    }

    public int getFirst() {
      return first;
    }

    public int getSecond() {
      return second;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(first - Integer.MIN_VALUE);
      out.writeInt(second - Integer.MIN_VALUE);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      first = in.readInt() + Integer.MIN_VALUE;
      second = in.readInt() + Integer.MIN_VALUE;
    }

    @Override
    public int compareTo(IntPair o) {
      int c = Integer.compare(first, o.first);
      return c != 0 ? c : Integer.compare(second, o.second);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IntPair p && p.first == first && p.second == second;
    }

    @Override
    public int hashCode() {
      return first * 157 + second;
    }

    @Override
    public String toString() {
      return first + " " + second;
    }

    /** Orders serialized pairs by their bytes, which the encoding makes the numeric order. */
    public static class Comparator extends WritableComparator {
      public Comparator() {
        super(IntPair.class);
      }

      @Override
      public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
        return compareBytes(b1, s1, l1, b2, s2, l2);
      }
    }
  }

  /** Sends all pairs of one first int to the same reduce. */
  public static class FirstPartitioner extends Partitioner<IntPair, IntWritable> {
    @Override
    public int getPartition(IntPair key, IntWritable value, int numPartitions) {
      return Math.floorMod(key.getFirst() * 127, numPartitions);
    }
  }

  /** Groups pairs by their first int: its 4 bytes lead the serialized pair. */
  public static class FirstGroupingComparator implements RawComparator<IntPair> {
    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return WritableComparator.compareBytes(b1, s1, Integer.BYTES, b2, s2, Integer.BYTES);
    }

    @Override
    public int compare(IntPair a, IntPair b) {
      return Integer.compare(a.getFirst(), b.getFirst());
    }
  }

  /** Parses {@code a b} (b is 0 when missing) into the key (a, b) and the value b; blank lines are skipped. */
  public static class MapClass extends Mapper<LongWritable, Text, IntPair, IntWritable> {
    private final IntPair key = new IntPair();
    private final IntWritable value = new IntWritable();

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      StringTokenizer tokens = new StringTokenizer(line.toString());
      if (!tokens.hasMoreTokens()) {
        return;
      }
      int left = Integer.parseInt(tokens.nextToken());
      int right = tokens.hasMoreTokens() ? Integer.parseInt(tokens.nextToken()) : 0;
      key.set(left, right);
      value.set(right);
      context.write(key, value);
    }
  }

  /** Writes the separator, then {@code first TAB value} for each value of the group, in their sorted order. */
  public static class Reduce extends Reducer<IntPair, IntWritable, Text, IntWritable> {
    private static final Text SEPARATOR_LINE = new Text(SEPARATOR);
    private final Text first = new Text();

    @Override
    protected void reduce(IntPair key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.write(SEPARATOR_LINE, null);
      first.set(Integer.toString(key.getFirst()));
      for (IntWritable value : values) {
        context.write(first, value);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: secondarysort <in> <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "secondary sort");
    job.setJarByClass(SecondarySort.class);
    job.setMapperClass(MapClass.class);
    job.setReducerClass(Reduce.class);
    job.setPartitionerClass(FirstPartitioner.class);
    job.setGroupingComparatorClass(FirstGroupingComparator.class);
    job.setMapOutputKeyClass(IntPair.class);
    job.setMapOutputValueClass(IntWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPaths(job, args[0]);
    FileOutputFormat.setOutputPath(job, args[1]);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new SecondarySort(), args));
  }
}
