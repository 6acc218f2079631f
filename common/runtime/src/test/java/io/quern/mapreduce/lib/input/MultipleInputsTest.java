package io.quern.mapreduce.lib.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Text;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.SplitInfo;
import io.quern.mapreduce.lib.LocalJobs;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.SplitCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultipleInputs: a text and a SequenceFile input, each with its own format and mapper, joined in the reduce. */
class MultipleInputsTest {
  @TempDir
  Path dir;
  private Path names;
  private Path amounts;
  private final Map<String, String> nameOf = new TreeMap<>();
  private final Map<String, Integer> sumOf = new TreeMap<>();

  @BeforeEach
  void writeInputs() throws IOException {
    names = dir.resolve("names");
    amounts = dir.resolve("amounts");
    Files.createDirectories(names);
    Files.createDirectories(amounts);
    Random r = new Random(3);
    for (int f = 0; f < 2; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = f; i < 400; i += 2) {
        String name = "name" + r.nextInt(1000);
        nameOf.put("id" + i, name);
        lines.add("id" + i + "\t" + name);
      }
      Files.write(names.resolve("n" + f + ".txt"), lines);
    }
    for (int f = 0; f < 3; f++) {
      try (OutputStream out = Files.newOutputStream(amounts.resolve("a" + f + ".seq"));
          SequenceFile.Writer w = new SequenceFile.Writer(out, Text.class, IntWritable.class)) {
        for (int i = 0; i < 500; i++) {
          String id = "id" + r.nextInt(450);
          int amount = r.nextInt(100);
          sumOf.merge(id, amount, Integer::sum);
          w.append(new Text(id), new IntWritable(amount));
        }
      }
    }
  }

  /** Names: (id, "N" + name); checks it sees its own file split. */
  public static class NameMapper extends Mapper<Text, Text, Text, Text> {
    @Override
    protected void setup(Context context) throws IOException {
      FileSplit split = (FileSplit) context.getInputSplit();
      if (!split.getPath().toString().contains("/names/")) {
        throw new IOException("name mapper got " + split);
      }
    }

    @Override
    protected void map(Text key, Text value, Context context) throws IOException, InterruptedException {
      context.write(key, new Text("N" + value));
    }
  }

  /** Amounts: (id, "A" + amount). */
  public static class AmountMapper extends Mapper<Text, IntWritable, Text, Text> {
    @Override
    protected void setup(Context context) throws IOException {
      FileSplit split = (FileSplit) context.getInputSplit();
      if (!split.getPath().toString().contains("/amounts/")) {
        throw new IOException("amount mapper got " + split);
      }
    }

    @Override
    protected void map(Text key, IntWritable value, Context context) throws IOException, InterruptedException {
      context.write(key, new Text("A" + value.get()));
    }
  }

  /** id -> name,sum (name "-" when unknown, sum 0 when none). */
  public static class Join extends Reducer<Text, Text, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
      String name = "-";
      int sum = 0;
      for (Text v : values) {
        String s = v.toString();
        if (s.startsWith("N")) {
          name = s.substring(1);
        } else {
          sum += Integer.parseInt(s.substring(1));
        }
      }
      context.write(key, new Text(name + "," + sum));
    }
  }

  @Test
  void eachPathIsReadWithItsFormatAndMappedByItsMapper() throws Exception {
    Path out = dir.resolve("out");
    Job job = LocalJobs.job(dir, "join");
    MultipleInputs.addInputPath(job, LocalJobs.path(names), KeyValueTextInputFormat.class, NameMapper.class);
    MultipleInputs.addInputPath(job, LocalJobs.path(amounts), SequenceFileInputFormat.class, AmountMapper.class);
    FileOutputFormat.setOutputPath(job, LocalJobs.path(out));
    job.setReducerClass(Join.class);
    job.setNumReduceTasks(2);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());

    Map<String, String> expected = new TreeMap<>();
    nameOf.forEach((id, n) -> expected.put(id, n + "," + sumOf.getOrDefault(id, 0)));
    sumOf.forEach((id, s) -> expected.putIfAbsent(id, "-," + s));
    Map<String, String> got = new TreeMap<>();
    for (String line : LocalJobs.lines(out, "part-r-")) {
      String[] kv = line.split("\t");
      assertEquals(null, got.put(kv[0], kv[1]), kv[0] + " twice");
    }
    assertEquals(expected, got);
  }

  @Test
  void taggedSplitsSurviveTheTripToATask() throws Exception {
    Job job = LocalJobs.job(dir, "splits");
    MultipleInputs.addInputPath(job, LocalJobs.path(names), KeyValueTextInputFormat.class, NameMapper.class);
    MultipleInputs.addInputPath(job, LocalJobs.path(amounts), SequenceFileInputFormat.class);
    Configuration conf = job.getConfiguration();
    List<InputSplit> splits = new DelegatingInputFormat<>().getSplits(new JobContextImpl(conf, null));
    assertEquals(5, splits.size(), "one split per small file");
    for (int i = 0; i < splits.size(); i++) {
      TaggedInputSplit sent = (TaggedInputSplit) splits.get(i);
      SplitInfo info = SplitCodec.encode(i, sent);
      TaggedInputSplit got = (TaggedInputSplit) SplitCodec.decode(info, new Configuration(conf));
      FileSplit a = (FileSplit) sent.getInputSplit();
      FileSplit b = (FileSplit) got.getInputSplit();
      assertEquals(a.getPath(), b.getPath());
      assertEquals(a.getStart(), b.getStart());
      assertEquals(a.getLength(), b.getLength());
      assertEquals(sent.getInputFormatClass(), got.getInputFormatClass());
      assertEquals(sent.getMapperClass(), got.getMapperClass());
      boolean text = a.getPath().toString().contains("/names/");
      assertEquals(text ? KeyValueTextInputFormat.class : SequenceFileInputFormat.class, got.getInputFormatClass());
      assertEquals(text ? NameMapper.class : null, got.getMapperClass());
    }
  }
}
