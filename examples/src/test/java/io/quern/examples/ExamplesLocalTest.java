package io.quern.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.util.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example programs in local mode, each checked against a result computed another way. */
class ExamplesLocalTest {
  @TempDir
  Path dir;

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
    conf.setInt("io.sort.mb", 2);
    return conf;
  }

  private static List<Path> parts(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  @Test
  void terasortOutputIsTotallySortedAndValidates() throws Exception {
    Path gen = dir.resolve("gen");
    Path sorted = dir.resolve("sorted");
    Path report = dir.resolve("report");
    Configuration conf = conf();
    conf.setInt("mapred.map.tasks", 3);
    assertEquals(0, ToolRunner.run(conf, new TeraGen(), new String[] {"20000", gen.toString()}));
    Configuration sortConf = conf();
    sortConf.setInt("mapred.reduce.tasks", 3);
    sortConf.setLong("mapreduce.input.fileinputformat.split.maxsize", 700_000);
    assertEquals(0, ToolRunner.run(sortConf, new TeraSort(), new String[] {gen.toString(), sorted.toString()}));
    assertEquals(3, parts(sorted).size());

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path p : parts(sorted)) {
      all.write(Files.readAllBytes(p));
    }
    byte[] data = all.toByteArray();
    assertEquals(20000 * 100, data.length);
    for (int i = 100; i < data.length; i += 100) {
      assertTrue(Arrays.compareUnsigned(data, i - 100, i - 90, data, i, i + 10) <= 0, "misorder at record " + i / 100);
    }
    byte[] rec = new byte[100];
    TeraRecord.generate(17, rec);
    assertEquals((byte) 0xCC, rec[96]);

    assertEquals(0, ToolRunner.run(conf(), new TeraValidate(), new String[] {sorted.toString(), report.toString()}));
    String result = Files.readString(report.resolve("part-r-00000"));
    assertFalse(result.contains("error"), result);
    assertTrue(result.contains("records 20000"), result);
  }

  @Test
  void terasortSortsIntoOneWaveOfReducesByDefault() throws Exception {
    Path gen = dir.resolve("gen");
    Configuration conf = conf();
    conf.setInt("mapred.map.tasks", 3);
    assertEquals(0, ToolRunner.run(conf, new TeraGen(), new String[] {"3000", gen.toString()}));
    Path sorted = dir.resolve("sorted");
    assertEquals(0, ToolRunner.run(conf(), new TeraSort(), new String[] {gen.toString(), sorted.toString()}));
    // The local runner has one reduce slot: two parts, the least that still tests the total order.
    assertEquals(2, parts(sorted).size(), "as many parts as reduce slots, at least 2");
    Path chosen = dir.resolve("chosen");
    Configuration four = conf();
    four.setInt("mapred.reduce.tasks", 4);
    assertEquals(0, ToolRunner.run(four, new TeraSort(), new String[] {gen.toString(), chosen.toString()}));
    assertEquals(4, parts(chosen).size(), "the user's mapred.reduce.tasks");
  }

  @Test
  void teravalidateReportsUnsortedInput() throws Exception {
    Path gen = dir.resolve("gen");
    Configuration conf = conf();
    conf.setInt("mapred.map.tasks", 1);
    assertEquals(0, ToolRunner.run(conf, new TeraGen(), new String[] {"500", gen.toString()}));
    Path report = dir.resolve("report");
    assertEquals(0, ToolRunner.run(conf(), new TeraValidate(), new String[] {gen.toString(), report.toString()}));
    assertTrue(Files.readString(report.resolve("part-r-00000")).contains("error"));
  }

  @Test
  void grepCountsMatchesByDecreasingCount() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append("line ").append(i).append(" dfs.").append(i % 7 == 0 ? "replication" : "block").append(" x\n");
    }
    Files.writeString(in.resolve("a.txt"), text.toString());
    Map<String, Long> want = new HashMap<>();
    Matcher m = Pattern.compile("dfs\\.[a-z]+").matcher(text);
    while (m.find()) {
      want.merge(m.group(), 1L, Long::sum);
    }
    Path out = dir.resolve("out");
    assertEquals(0, ToolRunner.run(conf(), new Grep(), new String[] {in.toString(), out.toString(), "dfs\\.[a-z]+"}));
    List<String> lines = Files.readAllLines(out.resolve("part-r-00000"));
    List<String> expected = new ArrayList<>();
    want.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> expected.add(e.getValue() + "\t" + e.getKey()));
    assertEquals(expected, lines);
  }

  @Test
  void piAndSleepRun() throws Exception {
    assertEquals(0, ToolRunner.run(conf(), new QuasiMonteCarlo(), new String[] {"3", "20000"}));
    assertEquals(0, ToolRunner.run(conf(), new SleepJob(), new String[] {"-m", "2", "-r", "2", "-mt", "10", "-rt", "10"}));
  }

  @Test
  void sortOrdersSequenceFilesByKey() throws Exception {
    Path gen = dir.resolve("gen");
    Path seq = dir.resolve("seq");
    Configuration conf = conf();
    conf.setInt("mapred.map.tasks", 2);
    assertEquals(0, ToolRunner.run(conf, new TeraGen(), new String[] {"3000", gen.toString()}));
    // Turn the generated records into a SequenceFile of (Text key, Text value) with a map-only job.
    io.quern.mapreduce.Job job = io.quern.mapreduce.Job.getInstance(conf(), "to-seq");
    job.setInputFormatClass(TeraInputFormat.class);
    job.setOutputFormatClass(io.quern.mapreduce.lib.output.SequenceFileOutputFormat.class);
    job.setOutputKeyClass(io.quern.io.Text.class);
    job.setOutputValueClass(io.quern.io.Text.class);
    job.setNumReduceTasks(0);
    io.quern.mapreduce.lib.input.FileInputFormat.addInputPath(job, gen.toString());
    io.quern.mapreduce.lib.output.FileOutputFormat.setOutputPath(job, seq.toString());
    assertTrue(job.waitForCompletion(false));
    Path out = dir.resolve("sorted");
    assertEquals(0, ToolRunner.run(conf(), new Sort(), new String[] {seq.toString(), out.toString()}));
    List<byte[]> keys = new ArrayList<>();
    try (io.quern.io.SequenceFile.Reader r = new io.quern.io.SequenceFile.Reader(
        new io.quern.io.LocalSeekableInput(out.resolve("part-r-00000")))) {
      io.quern.io.Text k = new io.quern.io.Text();
      io.quern.io.Text v = new io.quern.io.Text();
      while (r.next(k, v)) {
        keys.add(k.copyBytes());
      }
    }
    assertEquals(3000, keys.size());
    List<byte[]> sortedKeys = new ArrayList<>(keys);
    sortedKeys.sort(Arrays::compareUnsigned);
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(sortedKeys.get(i), keys.get(i));
    }
  }
}
