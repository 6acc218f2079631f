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
 * The mean length of the words of text files: {@code wordmean IN OUT}. The job sums, under the
 * keys {@code count} and {@code length}, the number of words and their total length (in
 * chars, as Java's {@code String.length}); the client reads the sums back and prints
 * {@code The mean is: M}.
 */
public class WordMean extends Configured implements Tool {
  static final Text COUNT = new Text("count");
  static final Text LENGTH = new Text("length");

  private double mean;

  /** Emits (length, word length) and (count, 1) for each whitespace-separated word. */
  public static class WordMeanMapper extends Mapper<Object, Text, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);
    private final LongWritable length = new LongWritable();

    @Override
    protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
      StringTokenizer words = new StringTokenizer(value.toString());
      while (words.hasMoreTokens()) {
        length.set(words.nextToken().length());
        context.write(LENGTH, length);
        context.write(COUNT, ONE);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: wordmean <in> <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "word mean");
    job.setJarByClass(WordMean.class);
    job.setMapperClass(WordMeanMapper.class);
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
    long count = sums.getOrDefault(COUNT.toString(), 0L);
    long length = sums.getOrDefault(LENGTH.toString(), 0L);
    mean = count == 0 ? Double.NaN : (double) length / count;
    System.out.println("The mean is: " + mean);
    return 0;
  }

  /** The mean the last {@link #run} found (NaN for an input without words). */
  public double getMean() {
    return mean;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new WordMean(), args));
  }
}
