package io.quern.mapreduce.lib.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChainMapper and ChainReducer against the same stages applied one by one in plain Java. */
class ChainTest {
  @TempDir
  Path dir;

  /** Stage 1: words of a line, with a suffix from its own configuration, each reusing one Text. */
  public static class Tokenize extends Mapper<LongWritable, Text, Text, IntWritable> {
    private final Text word = new Text();
    private final IntWritable one = new IntWritable(1);

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      String suffix = context.getConfiguration().get("chain.test.suffix");
      for (String w : value.toString().split(" ")) {
        word.set(w + suffix);
        context.write(word, one);
      }
    }
  }

  /** Stage 2: upper case, dropping words shorter than its own minimum; must not see stage 1's settings. */
  public static class Upper extends Mapper<Text, IntWritable, Text, IntWritable> {
    @Override
    protected void setup(Context context) throws IOException {
      if (context.getConfiguration().get("chain.test.suffix") != null) {
        throw new IOException("stage 2 sees stage 1's configuration");
      }
    }

    @Override
    protected void map(Text key, IntWritable value, Context context) throws IOException, InterruptedException {
      if (key.getLength() >= context.getConfiguration().getInt("chain.test.min", 0)) {
        context.write(new Text(key.toString().toUpperCase(Locale.ROOT)), value);
      }
    }
  }

  /** Stage 3 overrides run(): each record doubled, records counted. */
  public static class Doubler extends Mapper<Text, IntWritable, Text, IntWritable> {
    @Override
    public void run(Context context) throws IOException, InterruptedException {
      while (context.nextKeyValue()) {
        context.write(context.getCurrentKey(), new IntWritable(2 * context.getCurrentValue().get()));
        context.getCounter("chain", "doubled").increment(1);
      }
    }
  }

  public static class Sum extends Reducer<Text, IntWritable, Text, IntWritable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int s = 0;
      for (IntWritable v : values) {
        s += v.get();
      }
      context.write(key, new IntWritable(s + context.getConfiguration().getInt("chain.test.bonus", 0)));
    }
  }

  /** After the reducer: (sum, word). */
  public static class Swap extends Mapper<Text, IntWritable, IntWritable, Text> {
    @Override
    protected void map(Text key, IntWritable value, Context context) throws IOException, InterruptedException {
      context.write(value, key);
    }
  }

  @Test
  void aChainRunsInOneJobAsItsStagesDoOneByOne() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(8);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int w = 1 + r.nextInt(6); w > 0; w--) {
        b.append("w".repeat(1 + r.nextInt(3))).append(r.nextInt(50)).append(' ');
      }
      lines.add(b.toString().strip());
    }
    Files.write(in.resolve("text"), lines);

    // The stages by hand.
    Map<String, Integer> sums = new TreeMap<>();
    for (String line : lines) {
      for (String w : line.split(" ")) {
        String s1 = w + "_x";
        if (s1.length() >= 6) {
          sums.merge(s1.toUpperCase(Locale.ROOT), 2, Integer::sum);
        }
      }
    }
    List<String> expected = new ArrayList<>();
    sums.forEach((w, s) -> expected.add((s + 100) + "\t" + w));
    expected.sort(null);

    Job job = LocalJobs.job(dir, "chain");
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    Path out = dir.resolve("out");
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    Configuration first = new Configuration(false);
    first.set("chain.test.suffix", "_x");
    ChainMapper.addMapper(job, Tokenize.class, LongWritable.class, Text.class, Text.class, IntWritable.class, first);
    Configuration second = new Configuration(false);
    second.setInt("chain.test.min", 6);
    ChainMapper.addMapper(job, Upper.class, Text.class, IntWritable.class, Text.class, IntWritable.class, second);
    ChainMapper.addMapper(job, Doubler.class, Text.class, IntWritable.class, Text.class, IntWritable.class, null);
    Configuration reduce = new Configuration(false);
    reduce.setInt("chain.test.bonus", 100);
    ChainReducer.setReducer(job, Sum.class, Text.class, IntWritable.class, Text.class, IntWritable.class, reduce);
    ChainReducer.addMapper(job, Swap.class, Text.class, IntWritable.class, IntWritable.class, Text.class, null);
    job.setNumReduceTasks(2);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    List<String> got = new ArrayList<>(LocalJobs.lines(out, "part-r-"));
    got.sort(null);
    assertEquals(expected, got);
    long doubled = job.getCounters().findCounter("chain", "doubled").getValue();
    assertEquals(sums.values().stream().mapToInt(Integer::intValue).sum() / 2, doubled);
  }

  /** Fails after some records: the chain's other stages stop and the task fails with this. */
  public static class Breaks extends Mapper<Text, IntWritable, Text, IntWritable> {
    private int seen;

    @Override
    protected void map(Text key, IntWritable value, Context context) throws IOException {
      if (++seen == 500) {
        throw new IOException("stage breaks on purpose");
      }
    }
  }

  @Test
  void aFailingStageFailsTheTaskInsteadOfHangingIt() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      lines.add("a b c d " + i);
    }
    Files.write(in.resolve("text"), lines);
    Job job = LocalJobs.job(dir, "broken");
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(job, LocalJobs.path(dir.resolve("out")));
    Configuration first = new Configuration(false);
    first.set("chain.test.suffix", "");
    ChainMapper.addMapper(job, Tokenize.class, LongWritable.class, Text.class, Text.class, IntWritable.class, first);
    ChainMapper.addMapper(job, Breaks.class, Text.class, IntWritable.class, Text.class, IntWritable.class, null);
    job.setNumReduceTasks(0);
    assertFalse(job.waitForCompletion(false));
    assertTrue(job.getFailureInfo().contains("stage breaks on purpose"), job.getFailureInfo());
  }

  @Test
  void mismatchedStagesAreRefused() throws Exception {
    Job job = LocalJobs.job(dir, "bad");
    ChainMapper.addMapper(job, Tokenize.class, LongWritable.class, Text.class, Text.class, IntWritable.class, null);
    assertThrows(IllegalArgumentException.class, () -> ChainMapper.addMapper(job, Tokenize.class,
        LongWritable.class, Text.class, Text.class, IntWritable.class, null));
    assertThrows(IllegalStateException.class, () -> ChainReducer.addMapper(job, Swap.class, Text.class,
        IntWritable.class, IntWritable.class, Text.class, null));
  }
}
