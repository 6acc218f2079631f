package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;

/** Counts the words of text files: {@code wordcount IN... OUT}. */
public class WordCount extends Configured implements Tool {

  /**
   * Counts words separated by space, tab, newline, carriage return or form feed (the
   * separators of Hadoop's example, which splits with a {@code StringTokenizer}). Counts are summed in a hash table inside the mapper
   * ("in-mapper combining") and emitted as (word, count) when the table grows large and at the
   * end of the split, so the sort buffer holds one record per distinct word instead of one per
   * occurrence; the reducer (and combiner) sums them as before.
   */
  public static class TokenizerMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    /** Distinct words held before the table is emitted and cleared. */
    private static final int MAX_WORDS = 200_000;
    private final java.util.HashMap<Text, int[]> counts = new java.util.HashMap<>();
    private final Text word = new Text();
    private final IntWritable count = new IntWritable();

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      byte[] b = value.getBytes();
      int n = value.getLength();
      int i = 0;
      // Splits on ASCII whitespace over the UTF-8 bytes: no String per line.
      while (i < n) {
        while (i < n && isSpace(b[i])) {
          i++;
        }
        int start = i;
        while (i < n && !isSpace(b[i])) {
          i++;
        }
        if (i > start) {
          word.set(b, start, i - start);
          int[] c = counts.get(word);
          if (c == null) {
            if (counts.size() >= MAX_WORDS) {
              emit(context);
            }
            counts.put(new Text(word), new int[] {1});
          } else {
            c[0]++;
          }
        }
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      emit(context);
    }

    private void emit(Context context) throws IOException, InterruptedException {
      for (java.util.Map.Entry<Text, int[]> e : counts.entrySet()) {
        count.set(e.getValue()[0]);
        context.write(e.getKey(), count);
      }
      counts.clear();
    }

    private static boolean isSpace(byte c) {
      // The delimiters of Hadoop's StringTokenizer: a vertical tab is part of a word.
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
  }

  /** Sums the counts of a word; also the combiner. */
  public static class IntSumReducer extends Reducer<Text, IntWritable, Text, IntWritable> {
    private final IntWritable result = new IntWritable();

    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int sum = 0;
      for (IntWritable v : values) {
        sum += v.get();
      }
      result.set(sum);
      context.write(key, result);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("Usage: wordcount <in> [<in>...] <out>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "word count");
    job.setJarByClass(WordCount.class);
    job.setMapperClass(TokenizerMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    for (int i = 0; i < args.length - 1; i++) {
      FileInputFormat.addInputPath(job, args[i]);
    }
    FileOutputFormat.setOutputPath(job, args[args.length - 1]);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new WordCount(), args));
  }
}
