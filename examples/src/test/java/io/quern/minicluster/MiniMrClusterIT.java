package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs on an in-JVM master and two workers, with real child JVMs. */
@Timeout(180)
class MiniMrClusterIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static Path dir;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(2).slots(2, 1).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Throws on the record holding "poison". */
  public static class PoisonMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) {
      if (value.toString().contains("poison")) {
        throw new IllegalArgumentException("poison record at offset " + key);
      }
    }
  }

  /** Word count's mapper, announcing itself on stdout. */
  public static class ChattyMapper extends WordCount.TokenizerMapper {
    @Override
    protected void setup(Context context) {
      System.out.println("hello from " + context.getTaskAttemptID());
    }
  }

  /** Takes its child JVM down. */
  public static class ExitingMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) {
      System.exit(42);
    }
  }

  /** Never returns and never reports progress. */
  public static class HangingMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws InterruptedException {
      new java.util.concurrent.CountDownLatch(1).await();
    }
  }

  /** Holds on to every value until the heap runs out. */
  public static class HoardingReducer extends io.quern.mapreduce.Reducer<Text, IntWritable, Text, IntWritable> {
    private final List<long[]> hoard = new java.util.ArrayList<>();

    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context) {
      while (true) {
        hoard.add(new long[1 << 20]);
      }
    }
  }

  /** Word count's mapper, slowed so that a worker can be stopped while maps run. */
  public static class SlowMapper extends WordCount.TokenizerMapper {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      Thread.sleep(20);
      super.map(key, value, context);
    }
  }

  /** Emits, once per map, the value of a system property of its JVM and the JVM's heap limit. */
  public static class JvmPropertyMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
      context.write(new Text("marker"), new Text(String.valueOf(System.getProperty("quern.test.marker"))));
      context.write(new Text("maxHeapMb"), new Text(Long.toString(Runtime.getRuntime().maxMemory() >> 20)));
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) {}
  }

  private static Map<String, String> childJvm(String name, String childOpts) throws Exception {
    Path in = dir.resolve(name + "-in");
    writeText(in, 1, 10, 9);
    Path out = dir.resolve(name + "-out");
    Job job = Job.getInstance(cluster.conf(), name);
    job.setMapperClass(JvmPropertyMapper.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(0);
    if (childOpts != null) {
      job.getConfiguration().set("mapred.child.java.opts", childOpts);
    }
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    Map<String, String> got = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("part-m-00000"))) {
      String[] kv = line.split("\t");
      got.put(kv[0], kv[1]);
    }
    return got;
  }

  @Test
  void aJobsOwnChildOptionsReachItsChildJvm() throws Exception {
    Map<String, String> own = childJvm("opts-own", "-Xmx96m -Dquern.test.marker=job-opts");
    assertEquals("job-opts", own.get("marker"));
    assertTrue(Long.parseLong(own.get("maxHeapMb")) <= 96, own.toString());
    // A job without options of its own gets the worker's, and none of the previous job's.
    Map<String, String> plain = childJvm("opts-plain", null);
    assertEquals("null", plain.get("marker"));
    assertTrue(Long.parseLong(plain.get("maxHeapMb")) > 96, plain.toString());
  }

  private static Map<String, Integer> writeText(Path in, int files, int lines, long seed) throws IOException {
    Files.createDirectories(in);
    Random r = new Random(seed);
    Map<String, Integer> reference = new HashMap<>();
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        for (int w = 0; w < 1 + r.nextInt(8); w++) {
          String word = "w" + r.nextInt(500);
          reference.merge(word, 1, Integer::sum);
          b.append(word).append(' ');
        }
        b.append('\n');
      }
      Files.writeString(in.resolve("f" + f), b.toString());
    }
    return reference;
  }

  private static Map<String, Integer> readCounts(Path out) throws IOException {
    Map<String, Integer> got = new HashMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          String[] kv = line.split("\t");
          got.merge(kv[0], Integer.parseInt(kv[1]), Integer::sum);
        }
      }
    }
    return got;
  }

  private static Job wordCount(Path in, Path out, int reduces) throws IOException {
    Configuration conf = cluster.conf();
    Job job = Job.getInstance(conf, "wc");
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(reduces);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    return job;
  }

  @Test
  void wordCountOutputEqualsTheReference() throws Exception {
    Path in = dir.resolve("wc-in");
    Path out = dir.resolve("wc-out");
    Map<String, Integer> reference = writeText(in, 4, 3000, 5);
    Job job = wordCount(in, out, 2);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, readCounts(out));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(4, job.getCounters().findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue());
    assertEquals(12_000, job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
  }

  /** Status calls the leading master has served so far: plain ones and waits for a change. */
  private static double statusCalls() throws Exception {
    io.quern.net.HostPort http = cluster.leader().httpEndpoint();
    String text = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + http + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return io.quern.http.PrometheusText.parse(text).samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith("quern_rpc_calls_total{")
            && (e.getKey().contains("method=\"status\"") || e.getKey().contains("method=\"awaitStatus\"")))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /**
   * The client follows its job by waiting on the master for each change: it hears of the end
   * without polling, in a handful of calls where a poll every 50 ms would make dozens.
   */
  @Test
  void aClientFollowsItsJobWithAFewWaitsNotAPollEvery50Ms() throws Exception {
    Path in = dir.resolve("follow-in");
    Path out = dir.resolve("follow-out");
    Map<String, Integer> reference = writeText(in, 1, 100, 12);
    Job job = wordCount(in, out, 1);
    job.setMapperClass(SlowMapper.class); // 20 ms a line: the job runs for seconds
    double before = statusCalls();
    long start = System.nanoTime();
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    long millis = (System.nanoTime() - start) / 1_000_000;
    double calls = statusCalls() - before;
    assertEquals(reference, readCounts(out));
    assertTrue(millis >= 2_000, "the job ran " + millis + " ms");
    assertTrue(calls >= 2 && calls * 200 <= millis, calls + " status calls in " + millis
        + " ms; a poll every 50 ms makes " + millis / 50);
  }

  /**
   * Compressed map output crosses the real shuffle (stored bytes served, raw length told to the
   * reducer) and gives the counts an uncompressed run gives, in fewer shuffled bytes; a gzipped
   * input file is read whole by one map.
   */
  @Test
  void compressedMapOutputAndInputGiveTheSameCounts() throws Exception {
    Path in = dir.resolve("cmp-in");
    Map<String, Integer> reference = writeText(in, 2, 2000, 8);
    byte[] second = Files.readAllBytes(in.resolve("f1"));
    try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(in.resolve("f1.gz")))) {
      gz.write(second);
    }
    Files.delete(in.resolve("f1"));
    Job plain = wordCount(in, dir.resolve("cmp-plain"), 2);
    assertTrue(plain.waitForCompletion(false), plain.getFailureInfo());
    Job compressed = wordCount(in, dir.resolve("cmp-zipped"), 2);
    compressed.getConfiguration().setBoolean("mapreduce.map.output.compress", true);
    compressed.getConfiguration().set("mapreduce.map.output.compress.codec", "io.quern.io.compress.GzipCodec");
    assertTrue(compressed.waitForCompletion(false), compressed.getFailureInfo());
    assertEquals(reference, readCounts(dir.resolve("cmp-plain")));
    assertEquals(reference, readCounts(dir.resolve("cmp-zipped")));
    long plainBytes = plain.getCounters().findCounter(TaskCounter.REDUCE_SHUFFLE_BYTES).getValue();
    long zippedBytes = compressed.getCounters().findCounter(TaskCounter.REDUCE_SHUFFLE_BYTES).getValue();
    assertTrue(zippedBytes * 10 < plainBytes * 7, "shuffled " + zippedBytes + " compressed, " + plainBytes + " plain");
  }

  @Test
  void aMapperThatThrowsIsRetriedThenFailsTheJobWithTheReason() throws Exception {
    Path in = dir.resolve("poison-in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a"), "fine\nfine\npoison\nfine\n");
    Path out = dir.resolve("poison-out");
    Job job = wordCount(in, out, 1);
    job.setMapperClass(PoisonMapper.class);
    assertFalse(job.waitForCompletion(false));
    assertEquals(JobState.FAILED, job.getJobState());
    String reason = job.getFailureInfo();
    assertTrue(reason.contains("failed 4 times") && reason.contains("poison record at offset 10"), reason);
    assertEquals(4, job.getCounters().findCounter(JobCounter.NUM_FAILED_MAPS).getValue());
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.list(out)) {
        assertEquals(List.of(), files.toList(), "a failed job leaves nothing in its output directory");
      }
    }
  }

  @Test
  void aJobSurvivesAWorkerStoppedMidJob() throws Exception {
    Path in = dir.resolve("lost-in");
    Path out = dir.resolve("lost-out");
    Map<String, Integer> reference = writeText(in, 6, 150, 9);
    Job job = wordCount(in, out, 1);
    job.setMapperClass(SlowMapper.class);
    job.submit();
    Wait.until("a third of the maps to finish", Duration.ofMillis(60_000), () -> {
      try {
        return job.mapProgress() > 0.3f;
      } catch (IOException e) {
        return false;
      }
    });
    cluster.worker(1).close();
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, readCounts(out));
  }

  private Job failingJob(String name, Class<? extends Mapper> mapper) throws IOException {
    Path in = dir.resolve(name + "-in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a"), "one line\n");
    Job job = wordCount(in, dir.resolve(name + "-out"), 1);
    job.setMapperClass(mapper);
    job.getConfiguration().setInt("mapred.map.max.attempts", 2);
    return job;
  }

  @Test
  void aMapperCallingSystemExitFailsOnlyItsJob() throws Exception {
    Job job = failingJob("exit", ExitingMapper.class);
    assertFalse(job.waitForCompletion(false));
    String reason = job.getFailureInfo();
    assertTrue(reason.contains("failed 2 times") && reason.contains("exited with code 42"), reason);
    wordCountOutputEqualsTheReference_afterFaults();
  }

  @Test
  void aHangingMapperIsTimedOut() throws Exception {
    Job job = failingJob("hang", HangingMapper.class);
    job.getConfiguration().set("mapred.task.timeout", "2s");
    job.getConfiguration().setInt("mapred.map.max.attempts", 1);
    assertFalse(job.waitForCompletion(false));
    assertTrue(job.getFailureInfo().contains("timed out"), job.getFailureInfo());
  }

  /** The workers still serve jobs after a fault. */
  private void wordCountOutputEqualsTheReference_afterFaults() throws Exception {
    Path in = dir.resolve("after-in-" + System.nanoTime());
    Path out = dir.resolve("after-out-" + System.nanoTime());
    Map<String, Integer> reference = writeText(in, 2, 200, 3);
    Job job = wordCount(in, out, 1);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, readCounts(out));
  }

  @Test
  void aReducerOutOfMemoryFailsTheJobWithTheError() throws Exception {
    Job job = failingJob("oom", WordCount.TokenizerMapper.class);
    job.setReducerClass(HoardingReducer.class);
    job.getConfiguration().setInt("mapred.reduce.max.attempts", 1);
    assertFalse(job.waitForCompletion(false));
    assertTrue(job.getFailureInfo().contains("OutOfMemoryError"), job.getFailureInfo());
  }

  @Test
  void aClassMissingFromTheJarFailsTheJobNamingIt() throws Exception {
    Job job = failingJob("missing", WordCount.TokenizerMapper.class);
    job.getConfiguration().set("mapreduce.job.map.class", "com.example.NoSuchMapper");
    job.getConfiguration().setInt("mapred.map.max.attempts", 1);
    assertFalse(job.waitForCompletion(false));
    assertTrue(job.getFailureInfo().contains("com.example.NoSuchMapper"), job.getFailureInfo());
  }

  private static String cli(String... args) throws Exception {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    int code = new io.quern.mapreduce.tools.JobCli(cluster.conf(), new java.io.PrintStream(buf, true)).run(args);
    assertEquals(0, code, buf.toString());
    return buf.toString();
  }

  @Test
  void theJobCommandReportsAFinishedJob() throws Exception {
    Path in = dir.resolve("cli-in");
    writeText(in, 2, 100, 4);
    Job job = wordCount(in, dir.resolve("cli-out"), 1);
    job.setMapperClass(ChattyMapper.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    String id = job.getJobID().toString();
    assertTrue(cli("-list", "all").contains(id));
    assertTrue(!cli("-list").contains(id), "-list shows only the jobs yet to complete, as Hadoop's");
    assertTrue(cli("-status", id).contains("State: SUCCEEDED"));
    assertEquals("200", cli("-counter", id, TaskCounter.class.getName(), "MAP_INPUT_RECORDS").strip());
    Wait.until("the job history file", Duration.ofMillis(10_000), () -> {
      try {
        return cli("-history", id).contains("State: SUCCEEDED");
      } catch (Exception e) {
        return false;
      }
    });
    String attempt;
    try (io.quern.mapreduce.JobClient client = new io.quern.mapreduce.JobClient(cluster.conf())) {
      attempt = client.getTaskReports(id).get(0).successfulAttempt();
    }
    String logs = cli("-logs", attempt);
    assertTrue(logs.contains("==> " + attempt + " stdout") && logs.contains("==> " + attempt + " stderr"), logs);
    assertTrue(logs.contains("hello from " + attempt), "the attempt's own stdout:\n" + logs);
  }
}
