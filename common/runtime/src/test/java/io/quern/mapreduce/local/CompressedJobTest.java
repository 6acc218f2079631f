package io.quern.mapreduce.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LocalSeekableInput;
import io.quern.io.LongWritable;
import io.quern.io.SequenceFile;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.Text;
import io.quern.io.compress.BZip2Codec;
import io.quern.io.compress.DefaultCodec;
import io.quern.io.compress.GzipCodec;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.input.TextInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count in the local runner over compressed input, with compressed map output and
 * compressed output, each checked against counts made directly from the text.
 */
class CompressedJobTest {

  @TempDir
  Path dir;

  private String text;
  private final Map<String, Integer> reference = new TreeMap<>();

  public static class Tokenizer extends Mapper<Object, Text, Text, IntWritable> {
    private final Text word = new Text();
    private final IntWritable one = new IntWritable(1);

    @Override
    protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
      for (String w : value.toString().split(" ")) {
        if (!w.isEmpty()) {
          word.set(w);
          context.write(word, one);
        }
      }
    }
  }

  public static class Sum extends Reducer<Text, IntWritable, Text, IntWritable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int sum = 0;
      for (IntWritable v : values) {
        sum += v.get();
      }
      context.write(key, new IntWritable(sum));
    }
  }

  @BeforeEach
  void makeText() {
    Random random = new Random(11);
    StringBuilder b = new StringBuilder();
    for (int line = 0; line < 40_000; line++) {
      int words = 1 + random.nextInt(8);
      for (int i = 0; i < words; i++) {
        String w = "w" + (int) Math.abs(random.nextGaussian() * 400);
        b.append(i == 0 ? "" : " ").append(w);
        reference.merge(w, 1, Integer::sum);
      }
      b.append('\n');
    }
    text = b.toString();
  }

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set(MRJobConfig.STAGING_DIR, dir.resolve("staging").toString());
    conf.setInt("io.sort.mb", 1);
    return conf;
  }

  private Job wordCount(Configuration conf, Path in, Path out) throws IOException {
    Job job = Job.getInstance(conf, "wordcount");
    job.setMapperClass(Tokenizer.class);
    job.setCombinerClass(Sum.class);
    job.setReducerClass(Sum.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(3);
    FileInputFormat.addInputPath(job, in.toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    return job;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve("in-" + name).resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static List<Path> parts(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  /** The counts in text output part files, decompressed by the JDK's own gzip reader when named .gz. */
  private static Map<String, Integer> readCounts(Path out) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (Path part : parts(out)) {
      InputStream raw = Files.newInputStream(part);
      InputStream in = part.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] kv = line.split("\t");
          assertEquals(null, counts.put(kv[0], Integer.parseInt(kv[1])), "word " + kv[0] + " twice");
        }
      }
    }
    return counts;
  }

  @Test
  void gzippedInputIsOneSplitAndCountsLikeThePlainText() throws Exception {
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    Path gz = write("words.txt.gz", gzip(plain));
    Path txt = write("words.txt", plain);
    Configuration conf = conf();
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 16 * 1024);
    Job gzJob = wordCount(conf, gz.getParent(), dir.resolve("out-gz"));
    assertEquals(1, new TextInputFormat().getSplits(gzJob).size(), "a gzip file is not split");
    Job txtJob = wordCount(conf, txt.getParent(), dir.resolve("out-txt"));
    assertTrue(new TextInputFormat().getSplits(txtJob).size() > 5, "the plain file is split");
    assertTrue(gzJob.waitForCompletion(false));
    assertTrue(txtJob.waitForCompletion(false));
    assertEquals(reference, readCounts(dir.resolve("out-gz")));
    assertEquals(reference, readCounts(dir.resolve("out-txt")));
  }

  @Test
  void bzip2AndDeflateInputReadTransparently() throws Exception {
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    for (var codec : List.of(new BZip2Codec(), new DefaultCodec())) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (OutputStream out = codec.createOutputStream(bytes)) {
        out.write(plain);
      }
      Path in = write("words" + codec.getDefaultExtension(), bytes.toByteArray());
      Path out = dir.resolve("out" + codec.getDefaultExtension());
      assertTrue(wordCount(conf(), in.getParent(), out).waitForCompletion(false));
      assertEquals(reference, readCounts(out), codec.getDefaultExtension());
    }
  }

  @Test
  void compressedMapOutputAndGzipOutputGiveTheSameCounts() throws Exception {
    Path txt = write("words.txt", text.getBytes(StandardCharsets.UTF_8));
    Configuration conf = conf();
    conf.setBoolean(MRJobConfig.MAP_OUTPUT_COMPRESS, true);
    conf.set(MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC, "org.apache.hadoop.io.compress.GzipCodec");
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 64 * 1024);
    Job job = wordCount(conf, txt.getParent(), dir.resolve("out"));
    FileOutputFormat.setOutputCompressorClass(job, GzipCodec.class);
    assertTrue(job.waitForCompletion(false));
    List<Path> parts = parts(dir.resolve("out"));
    assertEquals(List.of("part-r-00000.gz", "part-r-00001.gz", "part-r-00002.gz"),
        parts.stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(reference, readCounts(dir.resolve("out")));

    // The compressed output reads back as job input, key and count split at the tab.
    Job again = Job.getInstance(conf(), "identity");
    again.setInputFormatClass(KeyValueTextInputFormat.class);
    again.setMapperClass(Mapper.class);
    again.setNumReduceTasks(0);
    again.setOutputKeyClass(Text.class);
    again.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(again, dir.resolve("out").toString());
    FileOutputFormat.setOutputPath(again, dir.resolve("back").toString());
    assertTrue(again.waitForCompletion(false));
    assertEquals(reference, readCounts(dir.resolve("back")));
  }

  @Test
  void blockCompressedSequenceFileOutputReadsBack() throws Exception {
    Path txt = write("words.txt", text.getBytes(StandardCharsets.UTF_8));
    Job job = wordCount(conf(), txt.getParent(), dir.resolve("out"));
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputCompressorClass(job, DefaultCodec.class);
    SequenceFileOutputFormat.setOutputCompressionType(job, CompressionType.BLOCK);
    assertTrue(job.waitForCompletion(false));
    Map<String, Integer> counts = new TreeMap<>();
    for (Path part : parts(dir.resolve("out"))) {
      try (SequenceFile.Reader reader = new SequenceFile.Reader(new LocalSeekableInput(part))) {
        assertEquals(CompressionType.BLOCK, reader.getCompressionType());
        Text word = new Text();
        IntWritable count = new IntWritable();
        while (reader.next(word, count)) {
          counts.put(word.toString(), count.get());
        }
      }
    }
    assertEquals(reference, counts);
  }

  /** Keys of a compressed file's lines are offsets in the decompressed text, as in Hadoop. */
  @Test
  void lineKeysOfCompressedInputAreOffsetsInTheText() throws Exception {
    String small = "alpha\nbeta\r\ngamma\n";
    Path gz = write("small.txt.gz", gzip(small.getBytes(StandardCharsets.UTF_8)));
    Configuration conf = conf();
    Job job = Job.getInstance(conf, "offsets");
    job.setMapperClass(Mapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(LongWritable.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, gz.getParent().toString());
    FileOutputFormat.setOutputPath(job, dir.resolve("offsets").toString());
    assertTrue(job.waitForCompletion(false));
    assertEquals("0\talpha\n6\tbeta\n12\tgamma\n", Files.readString(parts(dir.resolve("offsets")).get(0)));
  }
}
