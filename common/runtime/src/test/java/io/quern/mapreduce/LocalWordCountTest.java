package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word count in local mode against a count made with a plain HashMap. */
class LocalWordCountTest {
  @TempDir
  Path dir;

  public static class TokenizerMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      StringTokenizer it = new StringTokenizer(value.toString());
      while (it.hasMoreTokens()) {
        word.set(it.nextToken());
        context.write(word, ONE);
      }
    }
  }

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

  public static class FailingMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) {
      if (value.toString().contains("w7")) {
        throw new IllegalStateException("cannot digest " + value);
      }
    }
  }

  /** Blocks on its first record until interrupted. */
  public static class BlockingMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws InterruptedException {
      new java.util.concurrent.CountDownLatch(1).await();
    }
  }

  private Map<String, Integer> writeInput(Path in, int files, int lines, long seed) throws IOException {
    Files.createDirectories(in);
    Random r = new Random(seed);
    Map<String, Integer> reference = new HashMap<>();
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        int words = r.nextInt(12);
        for (int w = 0; w < words; w++) {
          // Skewed vocabulary: a few very common words, a long tail.
          String word = "w" + (int) Math.pow(r.nextInt(40), 2);
          reference.merge(word, 1, Integer::sum);
          b.append(word).append(w + 1 < words ? " " : "");
        }
        b.append('\n');
      }
      Files.writeString(in.resolve("part" + f + ".txt"), b.toString());
    }
    return reference;
  }

  private static Map<String, Integer> readOutput(Path out) throws IOException {
    Map<String, Integer> got = new HashMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          String[] kv = line.split("\t");
          Integer old = got.put(kv[0], Integer.parseInt(kv[1]));
          assertEquals(null, old, "word " + kv[0] + " appears twice in the output");
        }
      }
    }
    return got;
  }

  private Job wordCount(Path in, Path out, int reduces) throws IOException {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.setInt("io.sort.mb", 1); // forces several spills and a multi-segment merge
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    Job job = Job.getInstance(conf, "word count");
    job.setMapperClass(TokenizerMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(reduces);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    return job;
  }

  @Test
  void countsEqualAPlainHashMapCount() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    Map<String, Integer> reference = writeInput(in, 3, 20_000, 42);
    Job job = wordCount(in, out, 3);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, readOutput(out));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertFalse(Files.exists(out.resolve("_temporary")));
    Counters c = job.getCounters();
    assertEquals(60_000, c.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
    assertEquals(reference.size(), c.findCounter(TaskCounter.REDUCE_INPUT_GROUPS).getValue());
    long words = reference.values().stream().mapToLong(Integer::longValue).sum();
    assertEquals(words, c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue());
    assertTrue(c.findCounter(TaskCounter.COMBINE_OUTPUT_RECORDS).getValue() < words, "the combiner combined");
    assertEquals(3, readPartFiles(out).size());
    assertEquals(6, job.getRunningJob().taskReports().stream()
        .filter(t -> t.state() == io.quern.mapreduce.TaskState.SUCCEEDED).count());
  }

  private static List<Path> readPartFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith("part-r-")).toList());
    }
  }

  @Test
  void aMapOnlyJobWritesMapOutputDirectly() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    writeInput(in, 2, 100, 1);
    Job job = wordCount(in, out, 0);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("part-m-")).count());
    }
  }

  @Test
  void aFailingMapperFailsTheJobWithItsReasonAndLeavesNoPartFiles() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    writeInput(in, 2, 500, 3);
    Job job = wordCount(in, out, 1);
    job.setMapperClass(FailingMapper.class);
    assertFalse(job.waitForCompletion(false));
    assertEquals(JobState.FAILED, job.getJobState());
    assertTrue(job.getFailureInfo().contains("cannot digest"), job.getFailureInfo());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(), files.toList(), "a failed job leaves nothing behind");
    }
  }

  @Test
  void missingInputAndExistingOutputAreRefusedBeforeTheJobStarts() throws Exception {
    Path out = dir.resolve("out");
    IOException missing = assertThrows(IOException.class,
        () -> wordCount(dir.resolve("nope"), out, 1).submit());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Files.createDirectories(out);
    Path in = dir.resolve("in");
    writeInput(in, 1, 1, 1);
    IOException exists = assertThrows(IOException.class, () -> wordCount(in, out, 1).submit());
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
  }

  @Test
  void aKilledJobEndsKilledWithoutOutput() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    writeInput(in, 1, 10, 2);
    Job job = wordCount(in, out, 1);
    job.setMapperClass(BlockingMapper.class);
    job.submit();
    assertFalse(job.isComplete());
    job.killJob();
    io.quern.testutil.Wait.until("the killed job to complete", java.time.Duration.ofSeconds(10), () -> {
      try {
        return job.isComplete();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(JobState.KILLED, job.getJobState());
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.list(out)) {
        assertEquals(List.of(), files.toList());
      }
    }
  }
}
