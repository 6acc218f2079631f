package io.quern.mapreduce.lib.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.input.FileInputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultipleOutputs and LazyOutputFormat in local jobs: the files by name, against a reference counted in the test. */
class MultipleOutputsTest {
  @TempDir
  Path dir;
  private Path in;
  private final List<String> lines = new ArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();

  @BeforeEach
  void writeInput() throws IOException {
    in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(5);
    for (int f = 0; f < 3; f++) {
      List<String> fileLines = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        StringBuilder b = new StringBuilder();
        for (int w = 1 + r.nextInt(5); w > 0; w--) {
          String word = "w" + r.nextInt(300);
          counts.merge(word, 1, Integer::sum);
          b.append(word).append(' ');
        }
        fileLines.add(b.toString().strip());
      }
      lines.addAll(fileLines);
      Files.write(in.resolve("f" + f + ".txt"), fileLines);
    }
  }

  /** Emits each word with 1, and each line to the named output "lines" (a side file of the map task). */
  public static class WordsAndLines extends Mapper<LongWritable, Text, Text, IntWritable> {
    private final IntWritable one = new IntWritable(1);
    private final Text word = new Text();
    private MultipleOutputs<Text, IntWritable> mos;

    @Override
    protected void setup(Context context) {
      mos = new MultipleOutputs<>(context);
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      if (context.getConfiguration().getBoolean("test.map.lines", false)) {
        mos.write("lines", NullWritable.get(), value);
      }
      for (String w : value.toString().split(" ")) {
        word.set(w);
        context.write(word, one);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      mos.close();
    }
  }

  /**
   * Sums; even sums go to the named output "even" (SequenceFile), odd ones to "odd" (text), every
   * sum to the job's output under a base path by word length, and the total to the part file.
   */
  public static class Splitter extends Reducer<Text, IntWritable, Text, IntWritable> {
    private MultipleOutputs<Text, IntWritable> mos;
    private final IntWritable sum = new IntWritable();
    private int total;

    @Override
    protected void setup(Context context) {
      mos = new MultipleOutputs<>(context);
    }

    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int s = 0;
      for (IntWritable v : values) {
        s += v.get();
      }
      sum.set(s);
      total += s;
      mos.write(s % 2 == 0 ? "even" : "odd", key, sum);
      mos.write(key, sum, "bylen/len" + key.getLength());
      if (context.getConfiguration().getBoolean("test.fail.reduce", false)) {
        throw new IOException("reduce fails on purpose after writing side files");
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      context.write(new Text("total"), new IntWritable(total));
      mos.close();
    }
  }

  private Job wordJob(Path out) throws IOException {
    Job job = LocalJobs.job(dir, "mos");
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    job.setMapperClass(WordsAndLines.class);
    job.setReducerClass(Splitter.class);
    job.setNumReduceTasks(2);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    MultipleOutputs.addNamedOutput(job, "even", SequenceFileOutputFormat.class, Text.class, IntWritable.class);
    MultipleOutputs.addNamedOutput(job, "odd", TextOutputFormat.class, Text.class, IntWritable.class);
    MultipleOutputs.addNamedOutput(job, "lines", TextOutputFormat.class, NullWritable.class, Text.class);
    return job;
  }

  @Test
  void namedOutputsAndBasePathsLandInTheCommittedOutputUnderHadoopsNames() throws Exception {
    Path out = dir.resolve("out");
    Job job = wordJob(out);
    job.getConfiguration().setBoolean("test.map.lines", true);
    MultipleOutputs.setCountersEnabled(job, true);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    List<String> files = LocalJobs.files(out);
    for (String f : List.of("_SUCCESS", "even-r-00000", "even-r-00001", "odd-r-00000", "odd-r-00001",
        "part-r-00000", "part-r-00001", "lines-m-00000", "lines-m-00001", "lines-m-00002")) {
      assertTrue(files.contains(f), f + " missing from " + files);
    }
    assertFalse(files.stream().anyMatch(f -> f.startsWith("_temporary")), "no work files left: " + files);

    Map<String, Integer> even = new TreeMap<>();
    Map<String, Integer> odd = new TreeMap<>();
    counts.forEach((w, n) -> (n % 2 == 0 ? even : odd).put(w, n));
    Map<String, Integer> gotEven = new TreeMap<>();
    for (String f : files) {
      if (f.startsWith("even-r-")) {
        LocalJobs.readSequenceFile(out.resolve(f), Text.class, IntWritable.class,
            (k, v) -> assertEquals(null, gotEven.put(k.toString(), v.get()), k + " twice"));
      }
    }
    assertEquals(even, gotEven);
    assertEquals(odd, parse(LocalJobs.lines(out, "odd-r-")));

    // write(key, value, base path) through the job's own format, into subdirectories by word length.
    Map<Integer, Map<String, Integer>> byLength = new TreeMap<>();
    counts.forEach((w, n) -> byLength.computeIfAbsent(w.length(), k -> new TreeMap<>()).put(w, n));
    for (Map.Entry<Integer, Map<String, Integer>> e : byLength.entrySet()) {
      assertEquals(e.getValue(), parse(LocalJobs.lines(out, "bylen/len" + e.getKey() + "-r-")));
    }
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    int partTotal = 0;
    for (String line : LocalJobs.lines(out, "part-r-")) {
      partTotal += Integer.parseInt(line.split("\t")[1]);
    }
    assertEquals(total, partTotal);

    // Map-side named output, with a reduce phase: each map's lines in its own file.
    List<String> mapped = new ArrayList<>(LocalJobs.lines(out, "lines-m-"));
    List<String> expected = new ArrayList<>(lines);
    Collections.sort(mapped);
    Collections.sort(expected);
    assertEquals(expected, mapped);

    Counters c = job.getCounters();
    assertEquals(even.size(), c.findCounter(MultipleOutputs.COUNTERS_GROUP, "even").getValue());
    assertEquals(odd.size(), c.findCounter(MultipleOutputs.COUNTERS_GROUP, "odd").getValue());
    assertEquals(lines.size(), c.findCounter(MultipleOutputs.COUNTERS_GROUP, "lines").getValue());
    assertEquals(byLength.get(3).size(), c.findCounter(MultipleOutputs.COUNTERS_GROUP, "bylen/len3").getValue());
  }

  @Test
  void aFailedJobLeavesNoNamedOutputBehind() throws Exception {
    Path out = dir.resolve("out");
    Job job = wordJob(out);
    job.getConfiguration().setBoolean("test.fail.reduce", true);
    assertFalse(job.waitForCompletion(false));
    List<String> left = Files.exists(out) ? LocalJobs.files(out) : List.of();
    assertEquals(List.of(), left, "the aborted job's side files are gone with its work directory");
  }

  /** Map-only, everything through MultipleOutputs: with LazyOutputFormat no empty part files appear. */
  public static class RouteByFirstLetter extends Mapper<LongWritable, Text, NullWritable, Text> {
    private MultipleOutputs<NullWritable, Text> mos;

    @Override
    protected void setup(Context context) {
      mos = new MultipleOutputs<>(context);
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      String first = value.toString().split(" ")[0];
      mos.write(NullWritable.get(), value, "first" + first.length());
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      mos.close();
    }
  }

  @Test
  void lazyOutputFormatWritesNoEmptyPartFiles() throws Exception {
    Path out = dir.resolve("out");
    Job job = LocalJobs.job(dir, "lazy");
    FileInputFormat.addInputPath(job, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    job.setMapperClass(RouteByFirstLetter.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    List<String> files = LocalJobs.files(out);
    assertFalse(files.stream().anyMatch(f -> f.startsWith("part-")), "no part files: " + files);
    List<String> got = new ArrayList<>();
    for (int len = 2; len <= 4; len++) {
      List<String> part = LocalJobs.lines(out, "first" + len + "-m-");
      for (String l : part) {
        assertEquals(len, l.split(" ")[0].length(), l);
      }
      got.addAll(part);
    }
    List<String> expected = new ArrayList<>(lines);
    Collections.sort(expected);
    Collections.sort(got);
    assertEquals(expected, got);

    // Without LazyOutputFormat each map leaves an empty part file.
    Path eager = dir.resolve("eager");
    Job plain = LocalJobs.job(dir, "eager");
    FileInputFormat.addInputPath(plain, LocalJobs.path(in));
    FileOutputFormat.setOutputPath(plain, LocalJobs.path(eager));
    plain.setMapperClass(RouteByFirstLetter.class);
    plain.setNumReduceTasks(0);
    plain.setOutputKeyClass(NullWritable.class);
    plain.setOutputValueClass(Text.class);
    assertTrue(plain.waitForCompletion(false), plain.getFailureInfo());
    assertEquals(0, Files.size(eager.resolve("part-m-00000")));
  }

  @Test
  void badNamesAreRefusedWithOneSentence() throws Exception {
    Job job = LocalJobs.job(dir, "names");
    MultipleOutputs.addNamedOutput(job, "a1", TextOutputFormat.class, Text.class, Text.class);
    assertThrows(IllegalArgumentException.class,
        () -> MultipleOutputs.addNamedOutput(job, "a1", TextOutputFormat.class, Text.class, Text.class));
    assertThrows(IllegalArgumentException.class,
        () -> MultipleOutputs.addNamedOutput(job, "part", TextOutputFormat.class, Text.class, Text.class));
    assertThrows(IllegalArgumentException.class,
        () -> MultipleOutputs.addNamedOutput(job, "a-b", TextOutputFormat.class, Text.class, Text.class));
  }

  private static Map<String, Integer> parse(List<String> textLines) {
    Map<String, Integer> m = new TreeMap<>();
    for (String l : textLines) {
      String[] kv = l.split("\t");
      assertEquals(null, m.put(kv[0], Integer.parseInt(kv[1])), kv[0] + " twice");
    }
    return m;
  }
}
