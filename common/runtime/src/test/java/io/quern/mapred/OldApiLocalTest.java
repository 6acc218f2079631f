package io.quern.mapred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Text;
import io.quern.mapred.lib.IdentityMapper;
import io.quern.mapred.lib.IdentityReducer;
import io.quern.mapred.lib.LongSumReducer;
import io.quern.mapred.lib.TokenCountMapper;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.SplitCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old-API jobs on the local runner, through the same engine as new-API jobs, checked against references computed in Java. */
class OldApiLocalTest {
  @TempDir
  Path dir;

  enum Lines { READ }

  /** Word count's mapper, counting lines through the reporter and its own life (configure, close) by name. */
  public static class WordMapper extends MapReduceBase implements Mapper<LongWritable, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();
    private Reporter reporter;
    private boolean knowsItsTask;

    @Override
    public void configure(JobConf job) {
      knowsItsTask = job.get("mapred.task.id") != null && job.get("map.input.file") != null
          && job.getBoolean("mapred.task.is.map", false);
    }

    @Override
    public void map(LongWritable key, Text value, OutputCollector<Text, IntWritable> output, Reporter reporter)
        throws IOException {
      this.reporter = reporter;
      reporter.incrCounter(Lines.READ, 1);
      for (String w : value.toString().split("\\s+")) {
        if (!w.isEmpty()) {
          word.set(w);
          output.collect(word, ONE);
        }
      }
    }

    @Override
    public void close() {
      if (reporter != null) {
        reporter.incrCounter("Life", knowsItsTask ? "mappers closed knowing their task" : "mappers closed blind", 1);
      }
    }
  }

  /** Sums counts; the combiner and the reducer. */
  public static class Sum extends MapReduceBase implements Reducer<Text, IntWritable, Text, IntWritable> {
    private final IntWritable total = new IntWritable();

    @Override
    public void reduce(Text key, Iterator<IntWritable> values, OutputCollector<Text, IntWritable> output,
        Reporter reporter) throws IOException {
      int sum = 0;
      while (values.hasNext()) {
        sum += values.next().get();
      }
      total.set(sum);
      output.collect(key, total);
    }
  }

  /** Keys before {@code test.split.word} go to reduce 0, the rest to 1; knows the word only if configured. */
  public static class SplitAtWord implements Partitioner<Text, IntWritable> {
    private String at;

    @Override
    public void configure(JobConf job) {
      at = job.get("test.split.word");
    }

    @Override
    public int getPartition(Text key, IntWritable value, int numPartitions) {
      return key.toString().compareTo(at) < 0 ? 0 : 1;
    }
  }

  public static class FailingMapper extends MapReduceBase implements Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    public void map(LongWritable key, Text value, OutputCollector<Text, IntWritable> output, Reporter reporter) {
      throw new IllegalStateException("old mapper cannot digest line at " + key);
    }
  }

  /** Lets a test hold a job running until it kills it. */
  static final CountDownLatch NEVER = new CountDownLatch(1);

  public static class BlockingMapper extends MapReduceBase implements Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    public void map(LongWritable key, Text value, OutputCollector<Text, IntWritable> output, Reporter reporter)
        throws IOException {
      try {
        NEVER.await();
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException("killed");
      }
    }
  }

  /** Drops the words of the cache file it finds through DistributedCache, as Hadoop 1 jobs did in configure. */
  public static class StopWordMapper extends MapReduceBase implements Mapper<LongWritable, Text, Text, IntWritable> {
    private final java.util.Set<String> stop = new java.util.HashSet<>();

    @Override
    public void configure(JobConf job) {
      try {
        io.quern.fs.Path[] local = io.quern.filecache.DistributedCache.getLocalCacheFiles(job);
        java.net.URI[] uris = io.quern.filecache.DistributedCache.getCacheFiles(job);
        if (local == null || uris == null || local.length != 1 || !"stop".equals(uris[0].getFragment())) {
          throw new IllegalStateException("expected one cache file named stop: " + java.util.Arrays.toString(uris));
        }
        stop.addAll(Files.readAllLines(Path.of(local[0].toString())));
        // The same file, linked under its #name into the task's working directory.
        stop.addAll(Files.readAllLines(Path.of(job.get("mapreduce.task.work.dir"), "stop")));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void map(LongWritable key, Text value, OutputCollector<Text, IntWritable> output, Reporter reporter)
        throws IOException {
      for (String w : value.toString().split("\\s+")) {
        if (!w.isEmpty() && !stop.contains(w)) {
          output.collect(new Text(w), new IntWritable(1));
        }
      }
    }
  }

  private JobConf conf() {
    Configuration base = new Configuration();
    base.set("mapreduce.framework.name", "local");
    base.set("fs.defaultFS", "file:///");
    base.set("mapred.local.dir", dir.resolve("local").toString());
    base.setInt("io.sort.mb", 1); // several spills, so the combiner runs on the spill path too
    return new JobConf(base);
  }

  private Map<String, Integer> writeWords(Path in, int files, int lines, long seed) throws IOException {
    Files.createDirectories(in);
    Random r = new Random(seed);
    Map<String, Integer> reference = new HashMap<>();
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        int words = r.nextInt(10);
        for (int w = 0; w < words; w++) {
          String word = "w" + (int) Math.pow(r.nextInt(50), 2);
          reference.merge(word, 1, Integer::sum);
          b.append(word).append(w + 1 < words ? " " : "");
        }
        b.append('\n');
      }
      Files.writeString(in.resolve("part" + f + ".txt"), b.toString());
    }
    return reference;
  }

  private static List<Path> partFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      List<Path> parts = new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith("part-")).toList());
      Collections.sort(parts);
      return parts;
    }
  }

  private static Map<String, Integer> readCounts(Path out) throws IOException {
    Map<String, Integer> got = new HashMap<>();
    for (Path p : partFiles(out)) {
      for (String line : Files.readAllLines(p)) {
        String[] kv = line.split("\t");
        assertEquals(null, got.put(kv[0], Integer.parseInt(kv[1])), "word " + kv[0] + " twice in the output");
      }
    }
    return got;
  }

  private JobConf wordCount(Path in, Path out) {
    JobConf job = conf();
    job.setJobName("old word count");
    job.setMapperClass(WordMapper.class);
    job.setCombinerClass(Sum.class);
    job.setReducerClass(Sum.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(2);
    FileInputFormat.setInputPaths(job, new io.quern.fs.Path(in.toString()));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    return job;
  }

  @Test
  void wordCountEqualsAHashMapCountAndReporterCountersReachTheJob() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    Map<String, Integer> reference = writeWords(in, 3, 8_000, 7);
    JobConf job = wordCount(in, out);
    job.setNumMapTasks(4);

    RunningJob run = JobClient.runJob(job);

    assertEquals(reference, readCounts(out));
    assertEquals(List.of("part-00000", "part-00001"), partFiles(out).stream().map(p -> p.getFileName().toString()).toList());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(run.isComplete() && run.isSuccessful());
    Counters c = run.getCounters();
    assertEquals(24_000, c.getCounter(Lines.READ), "the mapper's reporter counted every line");
    assertEquals(24_000, c.getCounter(TaskCounter.MAP_INPUT_RECORDS));
    long maps = c.getGroup("Life").getCounter("mappers closed knowing their task");
    assertTrue(maps >= 4, "every map configured with its task and closed; maps " + maps);
    assertEquals(0, c.getGroup("Life").getCounter("mappers closed blind"));
    long words = reference.values().stream().mapToLong(Integer::longValue).sum();
    assertEquals(words, c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS.getDeclaringClass().getName(),
        TaskCounter.MAP_OUTPUT_RECORDS.name()).getValue());
    assertTrue(c.getCounter(TaskCounter.COMBINE_OUTPUT_RECORDS) < words, "the old-API combiner combined");
    assertEquals(reference.size(), c.getCounter(TaskCounter.REDUCE_INPUT_GROUPS));
  }

  @Test
  void gzippedInputIsReadWholeByOneMapAndCountsAsThePlainText() throws Exception {
    Path in = dir.resolve("in");
    Map<String, Integer> reference = writeWords(in, 2, 8_000, 11);
    for (String name : List.of("part0.txt", "part1.txt")) {
      try (OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(in.resolve(name + ".gz")))) {
        Files.copy(in.resolve(name), gz);
      }
      Files.delete(in.resolve(name));
    }
    Path out = dir.resolve("out");
    JobConf job = wordCount(in, out);
    job.setNumMapTasks(8);
    job.setInputFormat(TextInputFormat.class);

    RunningJob run = JobClient.runJob(job);

    assertEquals(reference, readCounts(out));
    assertEquals(16_000, run.getCounters().getCounter(Lines.READ));
    TextInputFormat format = new TextInputFormat();
    format.configure(job);
    assertEquals(2, format.getSplits(job, 8).length, "a compressed file is one split, however many maps are hinted");
  }

  @Test
  void gzipOutputOfTheOldTextOutputFormatReadsBackAsThePlainOutput() throws Exception {
    Path in = dir.resolve("in");
    writeWords(in, 2, 3_000, 5);
    Path plain = dir.resolve("plain");
    JobClient.runJob(wordCount(in, plain));
    Path gz = dir.resolve("gz");
    JobConf job = wordCount(in, gz);
    FileOutputFormat.setCompressOutput(job, true);
    FileOutputFormat.setOutputCompressorClass(job, io.quern.io.compress.GzipCodec.class);

    JobClient.runJob(job);

    for (String part : List.of("part-00000", "part-00001")) {
      try (java.io.InputStream z = new java.util.zip.GZIPInputStream(Files.newInputStream(gz.resolve(part + ".gz")))) {
        byte[] expected = Files.readAllBytes(plain.resolve(part));
        assertTrue(expected.length > 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, z.readAllBytes(), part);
      }
      assertFalse(Files.exists(gz.resolve(part)), "only the compressed file");
    }
  }

  @Test
  void anOldApiPartitionerIsConfiguredAndDecidesTheReduce() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    Map<String, Integer> reference = writeWords(in, 2, 2_000, 11);
    JobConf job = wordCount(in, out);
    job.set("test.split.word", "w4");
    job.setPartitionerClass(SplitAtWord.class);
    JobClient.runJob(job);
    assertEquals(reference, readCounts(out));
    List<Path> parts = partFiles(out);
    for (String line : Files.readAllLines(parts.get(0))) {
      assertTrue(line.compareTo("w4") < 0, line);
    }
    for (String line : Files.readAllLines(parts.get(1))) {
      assertTrue(line.compareTo("w4") >= 0, line);
    }
  }

  @Test
  void aMapOnlyJobWritesItsMapsOutputUnderOldApiNames() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add("k" + (i % 37) + "\tvalue " + i);
    }
    Files.write(in.resolve("a.tsv"), lines.subList(0, 250));
    Files.write(in.resolve("b.tsv"), lines.subList(250, 500));
    Path out = dir.resolve("out");
    JobConf job = conf();
    job.setInputFormat(KeyValueTextInputFormat.class);
    job.setMapperClass(IdentityMapper.class);
    job.setNumReduceTasks(0);
    job.setNumMapTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, new io.quern.fs.Path(in.toString()));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    JobClient.runJob(job);
    List<String> got = new ArrayList<>();
    for (Path p : partFiles(out)) {
      got.addAll(Files.readAllLines(p));
    }
    assertEquals(List.of("part-00000", "part-00001"), partFiles(out).stream().map(p -> p.getFileName().toString()).toList());
    List<String> expected = new ArrayList<>(lines);
    Collections.sort(expected);
    Collections.sort(got);
    assertEquals(expected, got);
  }

  @Test
  void anIdentitySortOfSequenceFilesOrdersEveryRecord() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(5);
    List<Integer> keys = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      try (OutputStream os = Files.newOutputStream(in.resolve("data" + f));
           SequenceFile.Writer w = new SequenceFile.Writer(os, IntWritable.class, Text.class)) {
        for (int i = 0; i < 5_000; i++) {
          int k = r.nextInt(100_000) - 50_000;
          keys.add(k);
          w.append(new IntWritable(k), new Text("v" + k));
        }
      }
    }
    Path out = dir.resolve("out");
    JobConf job = conf();
    job.setInputFormat(SequenceFileInputFormat.class);
    job.setOutputFormat(SequenceFileOutputFormat.class);
    job.setMapperClass(IdentityMapper.class);
    job.setReducerClass(IdentityReducer.class);
    job.setOutputKeyClass(IntWritable.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(1);
    FileInputFormat.setInputPaths(job, in.toString());
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    JobClient.runJob(job);

    List<Integer> got = new ArrayList<>();
    SequenceFile.Reader[] readers = SequenceFileOutputFormat.getReaders(job, new io.quern.fs.Path(out.toString()));
    assertEquals(1, readers.length);
    IntWritable k = new IntWritable();
    Text v = new Text();
    while (readers[0].next(k, v)) {
      assertEquals("v" + k.get(), v.toString());
      got.add(k.get());
    }
    readers[0].close();
    Collections.sort(keys);
    assertEquals(keys, got, "every record, in key order");
  }

  /** A custom old-API split: a range of numbers. */
  public static class RangeSplit implements InputSplit {
    long first;
    long count;

    public RangeSplit() {}

    RangeSplit(long first, long count) {
      this.first = first;
      this.count = count;
    }

    @Override
    public long getLength() {
      return count;
    }

    @Override
    public String[] getLocations() {
      return new String[] {"host" + (first % 3)};
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

  /** Numbers 0..N-1 ({@code test.range.size}) cut into as many splits as maps hinted; no files at all. */
  public static class RangeInputFormat implements InputFormat<LongWritable, LongWritable>, JobConfigurable {
    private long size;

    @Override
    public void configure(JobConf job) {
      size = job.getLong("test.range.size", 0);
    }

    @Override
    public InputSplit[] getSplits(JobConf job, int numSplits) {
      InputSplit[] splits = new InputSplit[numSplits];
      long per = size / numSplits;
      for (int i = 0; i < numSplits; i++) {
        long first = i * per;
        splits[i] = new RangeSplit(first, i == numSplits - 1 ? size - first : per);
      }
      return splits;
    }

    @Override
    public RecordReader<LongWritable, LongWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter) {
      RangeSplit range = (RangeSplit) split;
      return new RecordReader<>() {
        private long next = range.first;

        @Override
        public boolean next(LongWritable key, LongWritable value) {
          if (next >= range.first + range.count) {
            return false;
          }
          key.set(next);
          value.set(next * next);
          next++;
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
          return next - range.first;
        }

        @Override
        public void close() {}

        @Override
        public float getProgress() {
          return range.count == 0 ? 1f : (next - range.first) / (float) range.count;
        }
      };
    }
  }

  /** Emits (n mod 7, n squared), checking that the reporter hands out the split being read. */
  public static class ModMapper extends MapReduceBase implements Mapper<LongWritable, LongWritable, Text, LongWritable> {
    private final Text bucket = new Text();

    @Override
    public void map(LongWritable key, LongWritable value, OutputCollector<Text, LongWritable> output,
        Reporter reporter) throws IOException {
      RangeSplit split = (RangeSplit) reporter.getInputSplit();
      if (key.get() < split.first || key.get() >= split.first + split.count) {
        throw new IllegalStateException(key + " is outside the reporter's split");
      }
      bucket.set("mod" + key.get() % 7);
      output.collect(bucket, value);
    }
  }

  @Test
  void aCustomOldApiInputFormatFeedsTheJobThroughTheBridge() throws Exception {
    Path out = dir.resolve("out");
    JobConf job = conf();
    job.setLong("test.range.size", 10_001);
    job.setNumMapTasks(5);
    job.setInputFormat(RangeInputFormat.class);
    job.setMapperClass(ModMapper.class);
    job.setCombinerClass(LongSumReducer.class);
    job.setReducerClass(LongSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    RunningJob run = JobClient.runJob(job);

    Map<String, Long> reference = new TreeMap<>();
    for (long n = 0; n < 10_001; n++) {
      reference.merge("mod" + n % 7, n * n, Long::sum);
    }
    Map<String, Long> got = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve("part-00000"))) {
      String[] kv = line.split("\t");
      got.put(kv[0], Long.parseLong(kv[1]));
    }
    assertEquals(reference, got);
    assertEquals(10_001, run.getCounters().getCounter(TaskCounter.MAP_INPUT_RECORDS));
  }

  @Test
  void aCustomSplitTravelsAsTheEngineSendsSplitsToTasks() throws Exception {
    JobConf job = conf();
    job.setBoolean("mapred.mapper.new-api", false);
    job.setLong("test.range.size", 100);
    job.setNumMapTasks(3);
    job.setInputFormat(RangeInputFormat.class);
    JobContextImpl ctx = new JobContextImpl(job, null);
    io.quern.mapreduce.InputFormat<?, ?> format = io.quern.mapreduce.task.ReflectionUtil.newInstance(
        ctx.getInputFormatClass(), job);
    List<io.quern.mapreduce.InputSplit> splits = format.getSplits(ctx);
    assertEquals(3, splits.size());
    SplitInfo info = SplitCodec.encode(2, splits.get(2));
    assertEquals(List.of("host0"), info.hosts(), "the old split's hosts guide the scheduler");
    RangeSplit back = (RangeSplit) SplitBridge.unwrap(SplitCodec.decode(info, job));
    assertEquals(66, back.first);
    assertEquals(34, back.count);
  }

  @Test
  void aTokenCountJobWithTheLibraryMapperAndReducer() throws Exception {
    Path in = dir.resolve("in");
    Map<String, Integer> reference = writeWords(in, 2, 1_000, 3);
    Path out = dir.resolve("out");
    JobConf job = conf();
    job.setMapperClass(TokenCountMapper.class);
    job.setCombinerClass(LongSumReducer.class);
    job.setReducerClass(LongSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileInputFormat.addInputPaths(job, in.resolve("part0.txt") + "," + in.resolve("part1.txt"));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    JobClient.runJob(job);
    assertEquals(reference, readCounts(out));
  }

  @Test
  void aFailingJobMakesRunJobThrowWithTheMappersReason() throws Exception {
    Path in = dir.resolve("in");
    writeWords(in, 1, 10, 1);
    Path out = dir.resolve("out");
    JobConf job = wordCount(in, out);
    job.setMapperClass(FailingMapper.class);
    IOException e = assertThrows(IOException.class, () -> JobClient.runJob(job));
    assertTrue(e.getMessage().contains("old mapper cannot digest"), e.getMessage());
    assertFalse(Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void badClassesAndAnExistingOutputAreRefusedAtSubmission() throws Exception {
    Path in = dir.resolve("in");
    writeWords(in, 1, 10, 1);
    Path out = dir.resolve("out");
    JobConf job = wordCount(in, out);
    job.set("mapred.reducer.class", "no.such.Reducer");
    IOException bad = assertThrows(IOException.class, () -> new JobClient(job).submitJob(job));
    assertTrue(bad.getMessage().contains("mapred.reducer.class"), bad.getMessage());
    Files.createDirectories(out);
    IOException exists = assertThrows(IOException.class, () -> JobClient.runJob(wordCount(in, out)));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
  }

  @Test
  void aSubmittedJobIsFollowedAndKilledThroughItsRunningJob() throws Exception {
    Path in = dir.resolve("in");
    writeWords(in, 1, 10, 1);
    JobConf job = wordCount(in, dir.resolve("out"));
    JobClient client = new JobClient(job);
    RunningJob done = client.submitJob(job);
    done.waitForCompletion();
    assertTrue(done.isComplete() && done.isSuccessful());
    assertEquals(1f, done.mapProgress());
    assertEquals(done.getJobID(), done.getID().toString());
    assertEquals(done.getID(), JobID.forName(done.getJobID()));
    assertSame(done, client.getJob(done.getID()));
    assertEquals("old word count", done.getJobName());

    JobConf blocking = wordCount(in, dir.resolve("out2"));
    blocking.setMapperClass(BlockingMapper.class);
    RunningJob stuck = client.submitJob(blocking);
    assertFalse(stuck.isComplete());
    stuck.killJob();
    stuck.waitForCompletion();
    assertTrue(stuck.isComplete());
    assertFalse(stuck.isSuccessful());
  }

  /** Writes, besides its output, a side file in its work directory: the number of records it saw. */
  public static class SideFileMapper extends IdentityMapper<Text, Text> {
    private JobConf job;
    private long records;

    @Override
    public void configure(JobConf job) {
      this.job = job;
    }

    @Override
    public void map(Text key, Text value, OutputCollector<Text, Text> output, Reporter reporter) throws IOException {
      records++;
      super.map(key, value, output, reporter);
    }

    @Override
    public void close() throws IOException {
      io.quern.fs.Path side = new io.quern.fs.Path(FileOutputFormat.getWorkOutputPath(job),
          FileOutputFormat.getUniqueName(job, "side"));
      try (OutputStream out = side.getFileSystem(job).create(side)) {
        out.write(Long.toString(records).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void sideFilesInTheWorkDirectoryArePublishedWithTheOutput() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.write(in.resolve("a"), List.of("a\t1", "b\t2", "c\t3"));
    Files.write(in.resolve("b"), List.of("d\t4", "e\t5"));
    Path out = dir.resolve("out");
    JobConf job = conf();
    job.setNumMapTasks(1);
    job.setInputFormat(KeyValueTextInputFormat.class);
    job.setMapperClass(SideFileMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.setInputPaths(job, new io.quern.fs.Path(in.toString()));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    JobClient.runJob(job);
    assertEquals("3", Files.readString(out.resolve("side-m-00000")));
    assertEquals("2", Files.readString(out.resolve("side-m-00001")));
    assertFalse(Files.exists(out.resolve("_temporary")), "nothing left in the work directories");
  }

  @Test
  void anOldFormatReadsOutsideATaskWithTheNullReporter() throws Exception {
    Path file = dir.resolve("lines.txt");
    List<String> lines = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      lines.add("line " + i + " " + "x".repeat(i % 17));
      all.append(lines.get(i)).append('\n');
    }
    Files.writeString(file, all);
    JobConf job = conf();
    job.setNumMapTasks(3);
    FileInputFormat.setInputPaths(job, new io.quern.fs.Path(file.toString()));
    TextInputFormat format = new TextInputFormat();
    format.configure(job);
    InputSplit[] splits = format.getSplits(job, 3);
    assertEquals(3, splits.length);
    List<String> read = new ArrayList<>();
    long lastOffset = -1;
    for (InputSplit split : splits) {
      try (RecordReader<LongWritable, Text> reader = format.getRecordReader(split, job, Reporter.NULL)) {
        LongWritable offset = reader.createKey();
        Text line = reader.createValue();
        while (reader.next(offset, line)) {
          assertTrue(offset.get() > lastOffset, "offsets grow across splits");
          lastOffset = offset.get();
          read.add(line.toString());
        }
        assertEquals(1f, reader.getProgress());
      }
    }
    assertEquals(lines, read, "every line once, in order, across the splits");
  }

  @Test
  void theLocalClusterIsThisJvm() throws Exception {
    JobConf job = conf();
    job.setInt("mapreduce.local.map.tasks.maximum", 3);
    ClusterStatus status = new JobClient(job).getClusterStatus();
    assertEquals(1, status.getTaskTrackers());
    assertEquals(3, status.getMaxMapTasks());
    assertEquals(1, status.getMaxReduceTasks());
  }

  @Test
  void jobConfDefaultsAreTheOldApisIdentities() {
    JobConf job = new JobConf(false);
    assertEquals(IdentityMapper.class, job.getMapperClass());
    assertEquals(IdentityReducer.class, job.getReducerClass());
    assertEquals(io.quern.mapred.lib.HashPartitioner.class, job.getPartitionerClass());
    assertEquals(null, job.getCombinerClass());
    assertTrue(job.getInputFormat() instanceof TextInputFormat);
    assertTrue(job.getOutputFormat() instanceof TextOutputFormat);
    job.setOutputKeyClass(Text.class);
    assertEquals(Text.class, job.getMapOutputKeyClass(), "map output types default to the output types");
    assertNotNull(job.getOutputKeyComparator());
    assertEquals(1, job.getNumReduceTasks());
  }

  @Test
  void anOldApiMapperReadsItsCacheFileThroughDistributedCache() throws Exception {
    Path in = dir.resolve("stop-in");
    Path out = dir.resolve("stop-out");
    Map<String, Integer> reference = writeWords(in, 2, 500, 3);
    Path stopFile = Files.writeString(dir.resolve("stopwords.txt"), "w0\nw1\nw4\n");
    JobConf job = conf();
    job.setMapperClass(StopWordMapper.class);
    job.setCombinerClass(Sum.class);
    job.setReducerClass(Sum.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.setInputPaths(job, new io.quern.fs.Path(in.toString()));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    io.quern.filecache.DistributedCache.addCacheFile(new java.net.URI(stopFile.toUri() + "#stop"), job);
    JobClient.runJob(job);
    reference.keySet().removeAll(List.of("w0", "w1", "w4"));
    assertEquals(reference, readCounts(out));
  }
}
