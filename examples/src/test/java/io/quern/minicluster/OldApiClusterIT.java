package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.OldApiWordCount;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapred.ClusterStatus;
import io.quern.mapred.Counters;
import io.quern.mapred.FileOutputFormat;
import io.quern.mapred.InputFormat;
import io.quern.mapred.InputSplit;
import io.quern.mapred.JobClient;
import io.quern.mapred.JobConf;
import io.quern.mapred.JobConfigurable;
import io.quern.mapred.RecordReader;
import io.quern.mapred.Reporter;
import io.quern.mapred.RunningJob;
import io.quern.mapred.lib.IdentityMapper;
import io.quern.mapred.lib.LongSumReducer;
import io.quern.mapreduce.Cluster;
import io.quern.mapreduce.ClusterMetrics;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.lib.output.NullOutputFormat;
import io.quern.net.NetUtils;
import io.quern.security.token.Token;
import io.quern.testutil.Wait;
import io.quern.util.ToolRunner;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old-API jobs on a master and two workers whose tasks run in child JVMs: the splits, the
 * bridged classes and the reporters' counters cross real process boundaries; so do a job's
 * credentials.
 */
@Timeout(120)
class OldApiClusterIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  /** Counts each map's records by name, through the old API's reporter. */
  enum Seen { RECORDS }

  /** A custom old-API split that carries only numbers: it must be rebuilt in the child from its bytes. */
  public static class Slice implements InputSplit {
    long first;
    long count;

    public Slice() {}

    Slice(long first, long count) {
      this.first = first;
      this.count = count;
    }

    @Override
    public long getLength() {
      return count;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(first);
      out.writeLong(count);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      first = in.readLong();
      count = in.readLong();
    }
  }

  /** (n mod 10, n) for n in [0, oldapi.it.size), in as many slices as maps hinted; counts through the reporter. */
  public static class Numbers implements InputFormat<LongWritable, LongWritable>, JobConfigurable {
    private long size;

    @Override
    public void configure(JobConf job) {
      size = job.getLong("oldapi.it.size", 0);
    }

    @Override
    public InputSplit[] getSplits(JobConf job, int n) {
      InputSplit[] out = new InputSplit[n];
      for (int i = 0; i < n; i++) {
        long first = size * i / n;
        out[i] = new Slice(first, size * (i + 1) / n - first);
      }
      return out;
    }

    @Override
    public RecordReader<LongWritable, LongWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter) {
      Slice s = (Slice) split;
      return new RecordReader<>() {
        private long next = s.first;

        @Override
        public boolean next(LongWritable key, LongWritable value) {
          if (next == s.first + s.count) {
            return false;
          }
          key.set(next % 10);
          value.set(next++);
          reporter.incrCounter(Seen.RECORDS, 1);
          return true;
        }

        @Override
        public LongWritable createKey() {
          return new LongWritable();
        }

        @Override
        public LongWritable createValue() {
          return new LongWritable();
        }

        @Override
        public long getPos() {
          return next - s.first;
        }

        @Override
        public void close() {}

        @Override
        public float getProgress() {
          return s.count == 0 ? 1 : (next - s.first) / (float) s.count;
        }
      };
    }
  }

  private static Map<String, Integer> writeText(Path in, int files, int lines) throws IOException {
    Files.createDirectories(in);
    Random r = new Random(23);
    Map<String, Integer> reference = new HashMap<>();
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        for (int w = r.nextInt(7); w > 0; w--) {
          String word = "w" + r.nextInt(400);
          reference.merge(word, 1, Integer::sum);
          b.append(word).append(w > 1 ? " " : "");
        }
        b.append('\n');
      }
      Files.writeString(in.resolve("f" + f), b.toString());
    }
    return reference;
  }

  private static Map<String, String> readOutput(Path out) throws IOException {
    Map<String, String> got = new TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          String[] kv = line.split("\t");
          assertEquals(null, got.put(kv[0], kv[1]), kv[0] + " twice in the output");
        }
      }
    }
    return got;
  }

  @Test
  void oldApiJobsRunOnTheClusterThroughJobClient() throws Exception {
    try (MiniMrCluster cluster = MiniMrCluster.builder(dir).workers(2).slots(2, 1).start()) {
      JobClient client = new JobClient(new JobConf(cluster.conf()));
      Wait.until("both workers to be seen", Duration.ofSeconds(20), () -> trackers(client) == 2);
      ClusterStatus status = client.getClusterStatus();
      assertEquals(4, status.getMaxMapTasks());
      assertEquals(2, status.getMaxReduceTasks());

      // The example, as a user runs it: a Tool whose run() calls JobClient.runJob.
      Path in = dir.resolve("in");
      Path out = dir.resolve("out");
      Map<String, Integer> words = writeText(in, 3, 4_000);
      Configuration conf = cluster.conf();
      conf.setInt("mapred.reduce.tasks", 2);
      assertEquals(0, ToolRunner.run(conf, new OldApiWordCount(), new String[] {in.toString(), out.toString()}));
      Map<String, String> expected = new TreeMap<>();
      words.forEach((w, n) -> expected.put(w, Integer.toString(n)));
      assertEquals(expected, readOutput(out));
      assertEquals(List.of("_SUCCESS", "part-00000", "part-00001"), list(out));

      // A custom split and reporter counters, across the child JVMs.
      JobConf job = new JobConf(cluster.conf());
      job.setJobName("numbers");
      job.setLong("oldapi.it.size", 30_000);
      job.setNumMapTasks(3);
      job.setInputFormat(Numbers.class);
      job.setMapperClass(IdentityMapper.class);
      job.setCombinerClass(LongSumReducer.class);
      job.setReducerClass(LongSumReducer.class);
      job.setOutputKeyClass(LongWritable.class);
      job.setOutputValueClass(LongWritable.class);
      Path sums = dir.resolve("sums");
      FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(sums.toString()));
      RunningJob run = client.submitJob(job);
      run.waitForCompletion();
      assertTrue(run.isSuccessful(), run.getFailureInfo());
      Map<String, String> reference = new TreeMap<>();
      Map<Long, Long> bySum = new TreeMap<>();
      for (long n = 0; n < 30_000; n++) {
        bySum.merge(n % 10, n, Long::sum);
      }
      bySum.forEach((k, v) -> reference.put(Long.toString(k), Long.toString(v)));
      assertEquals(reference, readOutput(sums));
      Counters counters = run.getCounters();
      assertEquals(30_000, counters.getCounter(Seen.RECORDS), "the readers' reporters counted in the job");
      assertEquals(30_000, counters.getCounter(TaskCounter.MAP_INPUT_RECORDS));

      // The job's credentials, added at submission: each map and the reduce read them in child JVMs,
      // and neither the job's page nor its history shows them.
      String secret = "s-" + UUID.randomUUID();
      String password = "p-" + UUID.randomUUID();
      Path secretIn = dir.resolve("secret-in");
      Files.createDirectories(secretIn);
      Files.writeString(secretIn.resolve("a"), "a\n");
      Files.writeString(secretIn.resolve("b"), "b\n");
      Path secretOut = dir.resolve("secret-out");
      Job secrets = Job.getInstance(cluster.conf(), "secrets");
      secrets.setMapperClass(SecretMapper.class);
      secrets.setReducerClass(SecretReducer.class);
      secrets.setOutputKeyClass(Text.class);
      secrets.setOutputValueClass(Text.class);
      secrets.setNumReduceTasks(1);
      io.quern.mapreduce.lib.input.FileInputFormat.addInputPath(secrets, secretIn.toString());
      io.quern.mapreduce.lib.output.FileOutputFormat.setOutputPath(secrets, secretOut.toString());
      secrets.getCredentials().addSecretKey(SecretMapper.SECRET, secret.getBytes(StandardCharsets.UTF_8));
      secrets.getCredentials().addToken(SecretMapper.TOKEN, new Token<>(new byte[] {1},
          password.getBytes(StandardCharsets.UTF_8), new Text("APP"), new Text("app:1")));
      assertTrue(secrets.waitForCompletion(false), secrets.getFailureInfo());
      assertEquals(secret + "|" + secret + "\t" + password + "," + password + "\n",
          Files.readString(secretOut.resolve("part-r-00000")));
      String secretsId = secrets.getJobID().toString();
      Path history = dir.resolve("history").resolve(secretsId + ".json");
      Wait.until("the secret job's history file", Duration.ofSeconds(20), () -> Files.exists(history));
      String historyText = Files.readString(history);
      assertTrue(historyText.contains(secretsId), historyText);
      assertFalse(historyText.contains(secret) || historyText.contains(password), historyText);
      String page = get(cluster.leader().httpEndpoint(), "/job?id=" + secretsId + "&format=json");
      assertTrue(page.contains(secretsId), page);
      assertFalse(page.contains(secret) || page.contains(password), page);

      // Hadoop's Cluster: the workers' slots, and the slots a running job's maps hold.
      try (Cluster c = new Cluster(NetUtils.createSocketAddr("localhost:8012"), cluster.conf())) {
        ClusterMetrics idle = c.getClusterStatus();
        assertEquals(2, idle.getTaskTrackerCount());
        assertEquals(4, idle.getMapSlotCapacity());
        assertEquals(2, idle.getReduceSlotCapacity());
        assertEquals(0, idle.getOccupiedMapSlots());
        Path heldIn = dir.resolve("held-in");
        Files.createDirectories(heldIn);
        Files.writeString(heldIn.resolve("a"), "a\n");
        Files.writeString(heldIn.resolve("b"), "b\n");
        Path release = dir.resolve("release");
        Job held = Job.getInstance(cluster.conf(), "held");
        held.getConfiguration().set(HeldMapper.RELEASE, release.toString());
        held.setMapperClass(HeldMapper.class);
        held.setNumReduceTasks(0);
        held.setOutputFormatClass(NullOutputFormat.class);
        io.quern.mapreduce.lib.input.FileInputFormat.addInputPath(held, heldIn.toString());
        held.submit();
        try {
          Wait.until("the two held maps to occupy two slots", Duration.ofSeconds(40), () -> occupiedMapSlots(c) == 2);
        } finally {
          Files.writeString(release, "go");
        }
        assertTrue(held.waitForCompletion(false), held.getFailureInfo());
        assertEquals(0, c.getClusterStatus().getOccupiedMapSlots(), "a finished job holds no slot");
      }
    }
  }

  /** Once per map: (the secret key it reads from its context, the token's password). */
  public static class SecretMapper extends Mapper<LongWritable, Text, Text, Text> {
    static final Text SECRET = new Text("app.secret");
    static final Text TOKEN = new Text("app.token");

    @Override
    protected void map(LongWritable key, Text value, Context context) {}

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      Token<?> token = context.getCredentials().getToken(TOKEN);
      context.write(new Text(context.getCredentials().getSecretKey(SECRET)), new Text(token.getPassword()));
    }
  }

  /** (the maps' secret + "|" + the secret the reduce reads, the maps' passwords). */
  public static class SecretReducer extends Reducer<Text, Text, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
      List<String> passwords = new java.util.ArrayList<>();
      for (Text v : values) {
        passwords.add(v.toString());
      }
      String own = new String(context.getCredentials().getSecretKey(SecretMapper.SECRET), StandardCharsets.UTF_8);
      context.write(new Text(key + "|" + own), new Text(String.join(",", passwords)));
    }
  }

  private static String get(io.quern.net.HostPort at, String path) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + at + path))
            .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
    return r.body();
  }

  /** Holds its map until the test writes the release file (same host: a test's handshake, not the product's). */
  public static class HeldMapper extends Mapper<LongWritable, Text, NullWritable, NullWritable> {
    static final String RELEASE = "cluster.it.release";

    @Override
    protected void setup(Context context) throws InterruptedException {
      Path release = Path.of(context.getConfiguration().get(RELEASE));
      io.quern.testutil.Wait.until("the test to release the map", Duration.ofSeconds(60), () -> Files.exists(release));
    }
  }

  private static int occupiedMapSlots(Cluster c) {
    try {
      return c.getClusterStatus().getOccupiedMapSlots();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int trackers(JobClient client) {
    try {
      return client.getClusterStatus().getTaskTrackers();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
