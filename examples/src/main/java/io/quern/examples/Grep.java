package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.io.WritableComparator;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.files.JobFiles;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the matches of a regular expression: {@code grep IN OUT REGEX [GROUP]}. A first job
 * counts each match, a second sorts the matches by decreasing count.
 */
public class Grep extends Configured implements Tool {
  static final String PATTERN = "examples.grep.pattern";
  static final String GROUP = "examples.grep.group";

  /** Emits (match, 1) for each match in a line. */
  public static class RegexMapper extends Mapper<LongWritable, Text, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);
    private Pattern pattern;
    private int group;

    @Override
    protected void setup(Context context) {
      pattern = Pattern.compile(context.getConfiguration().get(PATTERN));
      group = context.getConfiguration().getInt(GROUP, 0);
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      Matcher m = pattern.matcher(value.toString());
      while (m.find()) {
        context.write(new Text(m.group(group)), ONE);
      }
    }
  }

  /** Sums counts. */
  public static class LongSumReducer<K> extends Reducer<K, LongWritable, K, LongWritable> {
    private final LongWritable sum = new LongWritable();

    @Override
    protected void reduce(K key, Iterable<LongWritable> values, Context context)
        throws IOException, InterruptedException {
      long s = 0;
      for (LongWritable v : values) {
        s += v.get();
      }
      sum.set(s);
      context.write(key, sum);
    }
  }

  /** Swaps key and value. */
  public static class InverseMapper extends Mapper<Text, LongWritable, LongWritable, Text> {
    @Override
    protected void map(Text key, LongWritable value, Context context) throws IOException, InterruptedException {
      context.write(value, key);
    }
  }

  /** Orders LongWritable keys from large to small, on their 8 serialized bytes. */
  public static class DecreasingLongComparator extends WritableComparator {
    public DecreasingLongComparator() {
      super(LongWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Long.compare(readLong(b2, s2), readLong(b1, s1));
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("Usage: grep <in> <out> <regex> [<group>]");
      return 2;
    }
    String tmp = args[1] + "-grep-temp-" + System.nanoTime();
    Job count = Job.getInstance(getConf(), "grep-search");
    count.setJarByClass(Grep.class);
    count.getConfiguration().set(PATTERN, args[2]);
    if (args.length > 3) {
      count.getConfiguration().set(GROUP, args[3]);
    }
    FileInputFormat.addInputPath(count, args[0]);
    FileOutputFormat.setOutputPath(count, tmp);
    count.setMapperClass(RegexMapper.class);
    count.setCombinerClass(LongSumReducer.class);
    count.setReducerClass(LongSumReducer.class);
    count.setOutputFormatClass(SequenceFileOutputFormat.class);
    count.setOutputKeyClass(Text.class);
    count.setOutputValueClass(LongWritable.class);
    JobFiles fs = JobFiles.get(tmp, getConf());
    try {
      if (!count.waitForCompletion(true)) {
        return 1;
      }
      Job sort = Job.getInstance(getConf(), "grep-sort");
      sort.setJarByClass(Grep.class);
      FileInputFormat.addInputPath(sort, tmp);
      FileOutputFormat.setOutputPath(sort, args[1]);
      sort.setInputFormatClass(SequenceFileInputFormat.class);
      sort.setMapperClass(InverseMapper.class);
      sort.setNumReduceTasks(1);
      sort.setSortComparatorClass(DecreasingLongComparator.class);
      sort.setOutputKeyClass(LongWritable.class);
      sort.setOutputValueClass(Text.class);
      return sort.waitForCompletion(true) ? 0 : 1;
    } finally {
      fs.delete(tmp, true);
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Grep(), args));
  }
}
