package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.ExampleData;
import io.quern.examples.Join;
import io.quern.examples.RandomTextWriter;
import io.quern.examples.SecondarySort;
import io.quern.examples.WordCount;
import io.quern.examples.WordMean;
import io.quern.examples.WordMedian;
import io.quern.util.ToolRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hadoop's example programs on a master and two workers whose tasks run in child JVMs, each
 * checked against a result computed here: the programs' own classes (keys, comparators,
 * partitioners, splits, tuples) cross process boundaries.
 */
@Timeout(120)
class HadoopExamplesIT {
  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static Path dir;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new MiniMrCluster(dir, 2, 2, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Configuration conf() {
    Configuration conf = cluster.conf();
    conf.setInt("mapred.reduce.tasks", 2);
    return conf;
  }

  @Test
  void wordMeanAndMedian() throws Exception {
    Path in = dir.resolve("words");
    int[] lengths = ExampleData.wordLengths(ExampleData.writeWords(in, 21, 2, 300));
    WordMean mean = new WordMean();
    assertEquals(0, ToolRunner.run(conf(), mean, new String[] {in.toString(), dir.resolve("mean").toString()}));
    assertEquals(Arrays.stream(lengths).average().orElseThrow(), mean.getMean(), 1e-12);

    WordMedian median = new WordMedian();
    assertEquals(0, ToolRunner.run(conf(), median, new String[] {in.toString(), dir.resolve("median").toString()}));
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    assertEquals(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0, median.getMedian());
  }

  @Test
  void secondarySort() throws Exception {
    Path in = dir.resolve("pairs");
    Files.createDirectories(in);
    Random r = new Random(4);
    TreeMap<Integer, List<Integer>> want = new TreeMap<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      int a = r.nextInt(60) - 30;
      int b = r.nextInt(1000) - 500;
      text.append(a).append(' ').append(b).append('\n');
      want.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
    }
    Files.writeString(in.resolve("pairs.txt"), text);
    want.values().forEach(l -> l.sort(null));
    Path out = dir.resolve("secondary");
    assertEquals(0, ToolRunner.run(conf(), new SecondarySort(), new String[] {in.toString(), out.toString()}));
    TreeMap<Integer, List<Integer>> got = new TreeMap<>();
    for (Path part : ExampleData.parts(out)) {
      Integer group = null;
      Integer previous = null;
      for (String line : Files.readAllLines(part)) {
        if (line.equals("------------------------------------------------")) {
          previous = group;
          group = null;
          continue;
        }
        String[] kv = line.split("\t");
        int a = Integer.parseInt(kv[0]);
        if (group == null) {
          assertTrue(previous == null || previous < a, "groups in order in " + part);
          assertTrue(got.put(a, new ArrayList<>()) == null, a + " in one group");
          group = a;
        }
        assertEquals(group, a);
        got.get(a).add(Integer.parseInt(kv[1]));
      }
    }
    assertEquals(want, got);
  }

  @Test
  void innerJoin() throws Exception {
    Random r = new Random(8);
    List<String> want = new ArrayList<>();
    Map<String, List<String>> left = new HashMap<>();
    Map<String, List<String>> right = new HashMap<>();
    StringBuilder l = new StringBuilder();
    StringBuilder rt = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      String lk = "k" + r.nextInt(300);
      l.append(lk).append('\t').append("L").append(i).append('\n');
      left.computeIfAbsent(lk, k -> new ArrayList<>()).add("L" + i);
      String rk = "k" + (150 + r.nextInt(300));
      rt.append(rk).append('\t').append("R").append(i).append('\n');
      right.computeIfAbsent(rk, k -> new ArrayList<>()).add("R" + i);
    }
    left.forEach((k, ls) -> right.getOrDefault(k, List.of()).forEach(rv -> ls.forEach(lv -> want.add(k + "\t[" + lv + "," + rv + "]"))));
    assertTrue(want.size() > 50, "the inputs share keys");
    Path leftDir = Files.createDirectories(dir.resolve("left"));
    Path rightDir = Files.createDirectories(dir.resolve("right"));
    Files.writeString(leftDir.resolve("l.txt"), l);
    Files.writeString(rightDir.resolve("r.txt"), rt);
    Path out = dir.resolve("joined");
    assertEquals(0, ToolRunner.run(conf(), new Join(), new String[] {"-r", "2",
        "-inFormat", "io.quern.mapreduce.lib.input.KeyValueTextInputFormat", "-outKey", "io.quern.io.Text",
        "-outFormat", "io.quern.mapreduce.lib.output.TextOutputFormat",
        leftDir.toString(), rightDir.toString(), out.toString()}));
    List<String> got = new ArrayList<>(ExampleData.outputLines(out));
    got.sort(null);
    want.sort(null);
    assertEquals(want, got);
  }

  @Test
  void randomTextWriterThenWordCount() throws Exception {
    Configuration conf = conf();
    conf.setLong(RandomTextWriter.TOTAL_BYTES, 120_000);
    conf.setLong(RandomTextWriter.BYTES_PER_MAP, 60_000);
    Path text = dir.resolve("randomtext");
    assertEquals(0, ToolRunner.run(conf, new RandomTextWriter(), new String[] {"-outFormat",
        "io.quern.mapreduce.lib.output.TextOutputFormat", text.toString()}));
    assertEquals(2, ExampleData.parts(text).size());
    Map<String, Integer> want = new HashMap<>();
    long bytes = 0;
    for (String line : ExampleData.outputLines(text)) {
      bytes += line.length() - 1;
      for (String w : line.split("[\t ]+")) {
        want.merge(w, 1, Integer::sum);
      }
    }
    assertTrue(bytes >= 120_000, "each map wrote its share: " + bytes);
    Path counts = dir.resolve("randomtext-counts");
    assertEquals(0, ToolRunner.run(conf(), new WordCount(), new String[] {text.toString(), counts.toString()}));
    Map<String, Integer> got = new HashMap<>();
    for (String line : ExampleData.outputLines(counts)) {
      String[] kv = line.split("\t");
      got.put(kv[0], Integer.parseInt(kv[1]));
    }
    assertEquals(want, got);
  }
}
