package io.quern.mapreduce.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.map.InverseMapper;
import io.quern.mapreduce.lib.map.RegexMapper;
import io.quern.mapreduce.lib.map.TokenCounterMapper;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.reduce.IntSumReducer;
import io.quern.mapreduce.lib.reduce.LongSumReducer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library mappers and reducers in local jobs, against results computed in plain Java. */
class LibMappersReducersTest {
  @TempDir
  Path dir;
  private Path in;
  private final List<String> lines = new ArrayList<>();

  @BeforeEach
  void writeInput() throws IOException {
    in = dir.resolve("in");
    Files.createDirectories(in);
    Random r = new Random(17);
    for (int i = 0; i < 3_000; i++) {
      StringBuilder b = new StringBuilder("k" + r.nextInt(40) + "\t");
      for (int w = r.nextInt(8); w > 0; w--) {
        b.append("id-").append(r.nextInt(30)).append(r.nextBoolean() ? "x " : " ");
      }
      lines.add(b.toString().strip());
    }
    Files.write(in.resolve("a.txt"), lines);
  }

  private Job job(Path out) throws IOException {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    Job job = new Job(conf, "lib");
    FileInputFormat.addInputPath(job, new io.quern.fs.Path(in.toString()));
    FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    return job;
  }

  private static Map<String, Long> read(Path out) throws IOException {
    Map<String, Long> got = new HashMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          String[] kv = line.split("\t");
          got.put(kv[0], Long.parseLong(kv[1]));
        }
      }
    }
    return got;
  }

  @Test
  void tokenCounterMapperAndIntSumReducerCountTokens() throws Exception {
    Map<String, Long> reference = new HashMap<>();
    for (String line : lines) {
      for (String t : line.split("\\s+")) {
        reference.merge(t, 1L, Long::sum);
      }
    }
    Path out = dir.resolve("out");
    Job job = job(out);
    job.setMapperClass(TokenCounterMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, read(out));
  }

  @Test
  void regexMapperCountsTheChosenGroupAndLongSumReducerSums() throws Exception {
    Pattern p = Pattern.compile("id-(\\d+)x");
    Map<String, Long> reference = new HashMap<>();
    for (String line : lines) {
      Matcher m = p.matcher(line);
      while (m.find()) {
        reference.merge(m.group(1), 1L, Long::sum);
      }
    }
    Path out = dir.resolve("out");
    Job job = job(out);
    job.getConfiguration().set(RegexMapper.PATTERN, p.pattern());
    job.getConfiguration().setInt(RegexMapper.GROUP, 1);
    job.setMapperClass(RegexMapper.class);
    job.setCombinerClass(LongSumReducer.class);
    job.setReducerClass(LongSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(reference, read(out));
  }

  @Test
  void inverseMapperSwapsKeyAndValue() throws Exception {
    Path out = dir.resolve("out");
    Job job = job(out);
    job.setInputFormatClass(KeyValueTextInputFormat.class);
    job.setMapperClass(InverseMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    List<String> expected = new ArrayList<>();
    for (String line : lines) {
      String[] kv = line.split("\t", 2);
      expected.add((kv.length < 2 ? "" : kv[1]) + "\t" + kv[0]);
    }
    List<String> got = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        got.addAll(Files.readAllLines(f));
      }
    }
    Collections.sort(expected);
    Collections.sort(got);
    assertEquals(expected, got);
  }
}
