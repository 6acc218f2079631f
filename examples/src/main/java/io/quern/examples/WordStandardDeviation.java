package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.reduce.LongSumReducer;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.Map;
import java.util.StringTokenizer;

/**
 * The standard deviation of the lengths of the words of text files:
 * {@code wordstandarddeviation IN OUT}. The job sums the number of words ({@code count}), their
 * lengths ({@code length}) and the squares of their lengths ({@code square}); the client prints
 * {@code The standard deviation is: S}, the population deviation sqrt(E[len^2] - E[len]^2).
 */
public class WordStandardDeviation extends Configured implements Tool {
  static final Text COUNT = new Text("count");
  static final Text LENGTH = new Text("length");
  static final Text SQUARE = new Text("square");

  private double deviation;

  /** Emits (length, l), (square, l*l) and (count, 1) for each word of length l. */
  public static class WordStandardDeviationMapper extends Mapper<Object, Text, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);
    private final LongWritable length = new LongWritable();
    private final LongWritable square = new LongWritable();

    @Override
    protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
      StringTokenizer words = new StringTokenizer(value.toString());
      while (words.hasMoreTokens()) {
        long l = words.nextToken().length();
        length.set(l);
        square.set(l * l);
        context.write(LENGTH, length);
        context.write(SQUARE, square);
        context.write(COUNT, ONE);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: wordstandarddeviation <in> <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "word stddev");
    job.setJarByClass(WordStandardDeviation.class);
    job.setMapperClass(WordStandardDeviationMapper.class);
    job.setCombinerClass(LongSumReducer.class);
    job.setReducerClass(LongSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileInputFormat.addInputPaths(job, args[0]);
    Path out = new Path(args[1]);
    FileOutputFormat.setOutputPath(job, out);
    if (!job.waitForCompletion(true)) {
      return 1;
    }
    Map<String, Long> sums = JobOutput.sums(out, job.getConfiguration());
    deviation = standardDeviation(sums.getOrDefault(COUNT.toString(), 0L),
        sums.getOrDefault(LENGTH.toString(), 0L), sums.getOrDefault(SQUARE.toString(), 0L));
    System.out.println("The standard deviation is: " + deviation);
    return 0;
  }

  /** The population standard deviation from the count, sum and sum of squares (NaN for no words). */
  static double standardDeviation(long count, long sum, long sumOfSquares) {
    if (count == 0) {
      return Double.NaN;
    }
    double mean = (double) sum / count;
    // Rounding may leave a tiny negative variance when all lengths are equal.
    return Math.sqrt(Math.max(0, (double) sumOfSquares / count - mean * mean));
  }

  /** The deviation the last {@link #run} found. */
  public double getStandardDeviation() {
    return deviation;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new WordStandardDeviation(), args));
  }
}
