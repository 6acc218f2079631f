package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.Path;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapred.FileInputFormat;
import io.quern.mapred.FileOutputFormat;
import io.quern.mapred.JobClient;
import io.quern.mapred.JobConf;
import io.quern.mapred.MapReduceBase;
import io.quern.mapred.Mapper;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reducer;
import io.quern.mapred.Reporter;
import io.quern.mapred.TextInputFormat;
import io.quern.mapred.TextOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.util.Iterator;
import java.util.StringTokenizer;

/**
 * Word count written against the old API ({@code io.quern.mapred}), the way Hadoop 1 jobs
 * were: {@code wordcount-old [-m MAPS] [-r REDUCES] IN... OUT}. A Hadoop 1 job of this shape
 * ports by changing its imports from {@code org.apache.hadoop} to {@code io.quern}.
 */
public class OldApiWordCount extends Configured implements Tool {
  /** Lines seen, as a counter of the job. */
  public enum Counter { LINES }

  /** Emits (word, 1) for each whitespace-separated word of a line. */
  public static class Map extends MapReduceBase implements Mapper<LongWritable, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();

    @Override
    public void map(LongWritable offset, Text line, OutputCollector<Text, IntWritable> output, Reporter reporter)
        throws IOException {
      StringTokenizer words = new StringTokenizer(line.toString());
      while (words.hasMoreTokens()) {
        word.set(words.nextToken());
        output.collect(word, ONE);
      }
      reporter.incrCounter(Counter.LINES, 1);
    }
  }

  /** Adds up the counts of a word; the combiner too. */
  public static class Reduce extends MapReduceBase implements Reducer<Text, IntWritable, Text, IntWritable> {
    private final IntWritable sum = new IntWritable();

    @Override
    public void reduce(Text word, Iterator<IntWritable> counts, OutputCollector<Text, IntWritable> output,
        Reporter reporter) throws IOException {
      int total = 0;
      while (counts.hasNext()) {
        total += counts.next().get();
      }
      sum.set(total);
      output.collect(word, sum);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    JobConf conf = new JobConf(getConf(), OldApiWordCount.class);
    conf.setJobName("wordcount-old");
    java.util.List<String> paths = new java.util.ArrayList<>();
    // Hadoop 1's example took the numbers of maps and reduces as options.
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-m") || args[i].equals("-r")) {
        if (i + 1 == args.length) {
          return usage(args[i] + " needs a number");
        }
        int n;
        try {
          n = Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          return usage("an integer expected after " + args[i] + ", not " + args[i + 1]);
        }
        if (args[i].equals("-m")) {
          conf.setNumMapTasks(n);
        } else {
          conf.setNumReduceTasks(n);
        }
        i++;
      } else {
        paths.add(args[i]);
      }
    }
    if (paths.size() < 2) {
      return usage(null);
    }
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(IntWritable.class);
    conf.setMapperClass(Map.class);
    conf.setCombinerClass(Reduce.class);
    conf.setReducerClass(Reduce.class);
    conf.setInputFormat(TextInputFormat.class);
    conf.setOutputFormat(TextOutputFormat.class);
    for (int i = 0; i < paths.size() - 1; i++) {
      FileInputFormat.addInputPath(conf, new Path(paths.get(i)));
    }
    FileOutputFormat.setOutputPath(conf, new Path(paths.get(paths.size() - 1)));
    JobClient.runJob(conf);
    return 0;
  }

  private static int usage(String error) {
    if (error != null) {
      System.err.println("ERROR: " + error);
    }
    System.err.println("Usage: wordcount-old [-m <maps>] [-r <reduces>] <in> [<in>...] <out>");
    return 2;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new OldApiWordCount(), args));
  }
}
