package io.quern.mapreduce.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionInputStream;
import io.quern.io.compress.CompressionOutputStream;
import io.quern.io.compress.Compressor;
import io.quern.io.compress.Decompressor;
import io.quern.io.compress.DefaultCodec;
import io.quern.io.compress.GzipCodec;
import io.quern.io.compress.zlib.BuiltInZlibDeflater;
import io.quern.io.compress.zlib.BuiltInZlibInflater;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local jobs with compressed map output and output: every coder the spills, merges, fetched
 * segments and text formats lease goes back to the pool, after a job that succeeds and after one
 * that fails, and the map output's many segments share a few pooled compressors.
 */
class PooledCompressionJobTest {

  @TempDir
  Path dir;

  private Path input;
  private final Map<String, Integer> reference = new TreeMap<>();

  /** A deflater of its own class, so the pool keeps this test's compressors apart from others'. */
  public static final class CountedDeflater extends BuiltInZlibDeflater {
  }

  public static final class CountedInflater extends BuiltInZlibInflater {
  }

  /** DefaultCodec that counts the coders it makes and the streams made with them. */
  public static final class CountingCodec extends DefaultCodec {
    static final AtomicInteger compressorsMade = new AtomicInteger();
    static final AtomicInteger decompressorsMade = new AtomicInteger();
    static final AtomicInteger outputStreams = new AtomicInteger();
    static final AtomicInteger inputStreams = new AtomicInteger();

    static void clear() {
      compressorsMade.set(0);
      decompressorsMade.set(0);
      outputStreams.set(0);
      inputStreams.set(0);
    }

    @Override
    public Class<? extends Compressor> getCompressorType() {
      return CountedDeflater.class;
    }

    @Override
    public Compressor createCompressor() {
      compressorsMade.incrementAndGet();
      return new CountedDeflater();
    }

    @Override
    public Class<? extends Decompressor> getDecompressorType() {
      return CountedInflater.class;
    }

    @Override
    public Decompressor createDecompressor() {
      decompressorsMade.incrementAndGet();
      return new CountedInflater();
    }

    @Override
    public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
      outputStreams.incrementAndGet();
      return super.createOutputStream(out, compressor);
    }

    @Override
    public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
      inputStreams.incrementAndGet();
      return super.createInputStream(in, decompressor);
    }
  }

  public static class Tokenizer extends Mapper<Object, Text, Text, IntWritable> {
    private final Text word = new Text();
    private final IntWritable one = new IntWritable(1);

    @Override
    protected void map(Object key, Text value, Context context) throws IOException, InterruptedException {
      for (String w : value.toString().split(" ")) {
        word.set(w);
        context.write(word, one);
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

  /** Writes some output, then fails: its compressed output stream is open when the task fails. */
  public static class FailingSum extends Sum {
    private int groups;

    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      super.reduce(key, values, context);
      if (++groups == 50) {
        throw new IOException("this reducer fails on purpose after 50 words");
      }
    }
  }

  @BeforeEach
  void makeInput() throws IOException {
    CountingCodec.clear();
    Random random = new Random(3);
    StringBuilder b = new StringBuilder();
    for (int line = 0; line < 30_000; line++) {
      int words = 1 + random.nextInt(6);
      for (int i = 0; i < words; i++) {
        String w = "w" + random.nextInt(3_000);
        b.append(i == 0 ? "" : " ").append(w);
        reference.merge(w, 1, Integer::sum);
      }
      b.append('\n');
    }
    input = dir.resolve("in").resolve("words.txt");
    Files.createDirectories(input.getParent());
    Files.writeString(input, b);
  }

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set(MRJobConfig.STAGING_DIR, dir.resolve("staging").toString());
    conf.setInt("io.sort.mb", 1);
    conf.setInt(LocalJobRunner.LOCAL_MAPS, 2);
    conf.setBoolean(MRJobConfig.MAP_OUTPUT_COMPRESS, true);
    conf.set(MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC, CountingCodec.class.getName());
    return conf;
  }

  private Job wordCount(Class<? extends Sum> reducer, String out) throws IOException {
    Configuration conf = conf();
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 40 * 1024);
    Job job = Job.getInstance(conf, "pooled wordcount");
    job.setMapperClass(Tokenizer.class);
    job.setReducerClass(reducer);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(4);
    FileInputFormat.addInputPath(job, input.getParent().toString());
    FileOutputFormat.setOutputPath(job, dir.resolve(out).toString());
    FileOutputFormat.setCompressOutput(job, true);
    FileOutputFormat.setOutputCompressorClass(job, GzipCodec.class);
    return job;
  }

  @Test
  void aCompressedJobReturnsEveryCoderAndSharesFewCompressorsAmongManySegments() throws Exception {
    CompressionCodec counting = new CountingCodec();
    CompressionCodec gzip = new GzipCodec();
    int gzipCompressors = CodecPool.getLeasedCompressorsCount(gzip);
    int gzipDecompressors = CodecPool.getLeasedDecompressorsCount(gzip);

    assertTrue(wordCount(Sum.class, "out").waitForCompletion(false));
    assertEquals(reference, readCounts(dir.resolve("out")));

    assertEquals(0, CodecPool.getLeasedCompressorsCount(counting), "map output compressors all returned");
    assertEquals(0, CodecPool.getLeasedDecompressorsCount(counting), "map output decompressors all returned");
    assertEquals(gzipCompressors, CodecPool.getLeasedCompressorsCount(gzip), "output compressors all returned");
    int segments = CountingCodec.outputStreams.get();
    assertTrue(segments >= 40, "spills and merges wrote " + segments + " compressed segments");
    // One segment at a time per task, two maps at once, reduces after the maps.
    assertTrue(CountingCodec.compressorsMade.get() <= 2,
        CountingCodec.compressorsMade.get() + " compressors made for " + segments + " segments");
    assertTrue(CountingCodec.decompressorsMade.get() < CountingCodec.inputStreams.get(),
        CountingCodec.decompressorsMade.get() + " decompressors made for " + CountingCodec.inputStreams.get()
            + " segments read");

    // The gzip output read back as input: the line reader leases a decompressor per file.
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
    assertEquals(gzipDecompressors, CodecPool.getLeasedDecompressorsCount(gzip), "input decompressors all returned");
  }

  @Test
  void aFailedReduceReturnsItsCoders() throws Exception {
    CompressionCodec counting = new CountingCodec();
    CompressionCodec gzip = new GzipCodec();
    int gzipCompressors = CodecPool.getLeasedCompressorsCount(gzip);
    Job job = wordCount(FailingSum.class, "failed");
    assertFalse(job.waitForCompletion(false), "the job fails");
    assertTrue(CountingCodec.outputStreams.get() > 0, "the maps compressed their output");
    assertEquals(0, CodecPool.getLeasedCompressorsCount(counting));
    assertEquals(0, CodecPool.getLeasedDecompressorsCount(counting), "the failed reduce's segment readers returned theirs");
    assertEquals(gzipCompressors, CodecPool.getLeasedCompressorsCount(gzip), "the failed reduce's output returned its");
  }

  /** Word counts in the part files, gzip-compressed ones read by the JDK's own gzip reader. */
  private static Map<String, Integer> readCounts(Path out) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
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
    }
    return counts;
  }
}
