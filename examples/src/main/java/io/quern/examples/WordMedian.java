package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.Path;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.reduce.IntSumReducer;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.TreeMap;

/**
 * The median length of the words of text files: {@code wordmedian IN OUT}. The job counts the
 * words of each length (output {@code length TAB count}); the client walks the lengths in
 * order to the middle word(s) and prints {@code The median is: M}, the mean of the two middle
 * lengths when the number of words is even.
 */
public class WordMedian extends Configured implements Tool {
  private double median;

  /** Emits (word length, 1) for each whitespace-separated word. */
  public static class WordMedianMapper extends Mapper<Object, Text, IntWritable, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final IntWritable length = new IntWritable();

    @Override
    protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
      StringTokenizer words = new StringTokenizer(value.toString());
      while (words.hasMoreTokens()) {
        length.set(words.nextToken().length());
        context.write(length, ONE);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: wordmedian <in> <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "word median");
    job.setJarByClass(WordMedian.class);
    job.setMapperClass(WordMedianMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setOutputKeyClass(IntWritable.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPaths(job, args[0]);
    Path out = new Path(args[1]);
    FileOutputFormat.setOutputPath(job, out);
    if (!job.waitForCompletion(true)) {
      return 1;
    }
    // Several reduces each hold some lengths: sort them all here rather than trust part 0.
    TreeMap<Integer, Long> counts = new TreeMap<>();
    JobOutput.sums(out, job.getConfiguration()).forEach((len, n) -> counts.merge(Integer.parseInt(len), n, Long::sum));
    median = median(counts);
    System.out.println("The median is: " + (median == Math.rint(median) ? Long.toString((long) median) : median));
    return 0;
  }

  /** The median of values given as (value, how many times) in value order; NaN when there are none. */
  static double median(TreeMap<Integer, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Double.NaN;
    }
    // The middle positions (0-based) of the sorted values: one when total is odd, two when even.
    long low = (total - 1) / 2;
    long high = total / 2;
    Integer lowValue = null;
    long seen = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (lowValue == null && seen > low) {
        lowValue = e.getKey();
      }
      if (seen > high) {
        return (lowValue + (double) e.getKey()) / 2;
      }
    }
    throw new IllegalStateException("counts changed while read");
  }

  /** The median the last {@link #run} found. */
  public double getMedian() {
    return median;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new WordMedian(), args));
  }
}
