package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.BaileyBorweinPlouffe;
import io.quern.examples.ExampleData;
import io.quern.examples.Grep;
import io.quern.examples.Join;
import io.quern.examples.MultiFileWordCount;
import io.quern.examples.QuasiMonteCarlo;
import io.quern.examples.RandomTextWriter;
import io.quern.examples.RandomWriter;
import io.quern.examples.SecondarySort;
import io.quern.examples.Sort;
import io.quern.examples.WordCount;
import io.quern.examples.WordMean;
import io.quern.examples.WordMedian;
import io.quern.examples.WordStandardDeviation;
import io.quern.io.BytesWritable;
import io.quern.io.LocalSeekableInput;
import io.quern.io.SequenceFile;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.util.ToolRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hadoop's example programs on a master and two workers whose tasks run in child JVMs, each
 * checked against a result computed here: the programs' own classes (keys, comparators,
 * partitioners, splits, tuples) cross process boundaries. The examples this class does not run
 * run on a cluster elsewhere: wordcount-old in OldApiClusterIT, wordcount2 in DistributedCacheIT,
 * wordcount and teragen/terasort/teravalidate in MapReducePseudoIT.
 */
@Timeout(120)
class HadoopExamplesIT {
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

  private static Configuration conf() {
    Configuration conf = cluster.conf();
    conf.setInt("mapred.reduce.tasks", 2);
    return conf;
  }

  @Test
  void wordMeanMedianAndStandardDeviation() throws Exception {
    Path in = dir.resolve("words");
    int[] lengths = ExampleData.wordLengths(ExampleData.writeWords(in, 21, 2, 300));
    WordMean mean = new WordMean();
    assertEquals(0, ToolRunner.run(conf(), mean, new String[] {in.toString(), dir.resolve("mean").toString()}));
    double wantMean = Arrays.stream(lengths).average().orElseThrow();
    assertEquals(wantMean, mean.getMean(), 1e-12);

    WordMedian median = new WordMedian();
    assertEquals(0, ToolRunner.run(conf(), median, new String[] {in.toString(), dir.resolve("median").toString()}));
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    assertEquals(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0, median.getMedian());

    // The job sums squares; the reference takes the deviations from the mean, in two passes.
    WordStandardDeviation sd = new WordStandardDeviation();
    assertEquals(0, ToolRunner.run(conf(), sd, new String[] {in.toString(), dir.resolve("sd").toString()}));
    double squares = 0;
    for (int l : lengths) {
      squares += (l - wantMean) * (l - wantMean);
    }
    assertEquals(Math.sqrt(squares / n), sd.getStandardDeviation(), 1e-9);
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

  @Test
  void grepCountsMatchesAndSortsThemByCount() throws Exception {
    Random r = new Random(12);
    String[] names = {"block", "replication", "name", "data", "heartbeat", "safemode", "permissions", "umask"};
    Path a = Files.createDirectories(dir.resolve("grep-a"));
    Path b = Files.createDirectories(dir.resolve("grep-b"));
    Pattern regex = Pattern.compile("dfs\\.([a-z]+)");
    Map<String, Long> want = new HashMap<>();
    for (int f = 0; f < 4; f++) {
      StringBuilder text = new StringBuilder();
      for (int l = 0; l < 500; l++) {
        int words = r.nextInt(6);
        for (int w = 0; w < words; w++) {
          // Skewed choice, so the counts differ; some words are not matches at all.
          String name = names[Math.min(r.nextInt(names.length), r.nextInt(names.length))];
          text.append(r.nextInt(4) == 0 ? "mapred." : "dfs.").append(name).append(r.nextBoolean() ? " " : ",");
        }
        text.append('\n');
      }
      Files.writeString((f % 2 == 0 ? a : b).resolve("conf-" + f + ".txt"), text);
      for (String line : text.toString().split("\n")) {
        Matcher m = regex.matcher(line);
        while (m.find()) {
          want.merge(m.group(1), 1L, Long::sum);
        }
      }
    }
    Path out = dir.resolve("grep-out");
    assertEquals(0, ToolRunner.run(conf(), new Grep(), new String[] {a + "," + b, out.toString(), regex.pattern(), "1"}));
    assertEquals(List.of(out.resolve("part-r-00000")), ExampleData.parts(out), "the sort job has one reduce");
    Map<String, Long> got = new HashMap<>();
    long previous = Long.MAX_VALUE;
    for (String line : ExampleData.outputLines(out)) {
      String[] kv = line.split("\t");
      long count = Long.parseLong(kv[0]);
      assertTrue(count <= previous, "by decreasing count: " + line + " after " + previous);
      previous = count;
      assertEquals(null, got.put(kv[1], count), kv[1] + " once");
    }
    assertEquals(want, got);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("grep-out-grep-temp-")).toList(),
          "the counting job's output is removed");
    }
  }

  @Test
  void multiFileWordCountOverManySmallFiles() throws Exception {
    Path a = dir.resolve("small-a");
    Path b = dir.resolve("small-b");
    String text = ExampleData.writeWords(a, 31, 25, 12) + ExampleData.writeWords(b, 32, 15, 30);
    Map<String, Integer> want = new HashMap<>();
    for (String w : text.split("[ \\t\\n\\r\\f]+")) {
      if (!w.isEmpty()) {
        want.merge(w, 1, Integer::sum);
      }
    }
    Path out = dir.resolve("multifile");
    // Splits of at most a quarter of the input: 40 files in a few maps.
    long quarter = text.getBytes(StandardCharsets.UTF_8).length / 4 + 1;
    assertEquals(0, ToolRunner.run(conf(), new MultiFileWordCount(), new String[] {
        "-D" + FileInputFormat.SPLIT_MAXSIZE + "=" + quarter, a + "," + b, out.toString()}));
    Map<String, Integer> got = new HashMap<>();
    for (String line : ExampleData.outputLines(out)) {
      String[] kv = line.split("\t");
      assertEquals(null, got.put(kv[0], Integer.parseInt(kv[1])), kv[0] + " once");
    }
    assertEquals(want, got);
  }

  @Test
  void randomWriterThenTotalOrderSort() throws Exception {
    Path random = dir.resolve("random");
    // Short keys (1 to 11 bytes) repeat, so equal keys meet in the sort.
    assertEquals(0, ToolRunner.run(conf(), new RandomWriter(), new String[] {
        "-D" + RandomWriter.TOTAL_BYTES + "=90000", "-D" + RandomWriter.BYTES_PER_MAP + "=30000",
        "-D" + RandomWriter.MIN_KEY + "=1", "-D" + RandomWriter.MAX_KEY + "=12",
        "-D" + RandomWriter.MIN_VALUE + "=0", "-D" + RandomWriter.MAX_VALUE + "=200", random.toString()}));
    List<Path> written = ExampleData.parts(random);
    assertEquals(3, written.size(), "total bytes / bytes per map maps");
    List<byte[][]> records = new ArrayList<>();
    for (Path part : written) {
      List<byte[][]> own = readRecords(part);
      long bytes = own.stream().mapToLong(kv -> kv[0].length + kv[1].length).sum();
      byte[][] last = own.get(own.size() - 1);
      assertTrue(bytes >= 30_000 && bytes - last[0].length - last[1].length < 30_000, part + ": " + bytes + " bytes");
      records.addAll(own);
    }

    Path sorted = dir.resolve("random-sorted");
    assertEquals(0, ToolRunner.run(conf(), new Sort(), new String[] {"-r", "2", "-totalOrder", "0.2", "100", "3",
        random.toString(), sorted.toString()}));
    List<Path> parts = ExampleData.parts(sorted);
    assertEquals(2, parts.size());
    List<byte[][]> got = new ArrayList<>();
    for (Path part : parts) {
      List<byte[][]> own = readRecords(part);
      assertTrue(!own.isEmpty(), part + " holds a range of keys");
      got.addAll(own);
    }
    // Ordered within each part and from one part to the next: the parts are ranges.
    for (int i = 1; i < got.size(); i++) {
      assertTrue(Arrays.compareUnsigned(got.get(i - 1)[0], got.get(i)[0]) <= 0, "record " + i + " in key order");
    }
    assertEquals(asText(records), asText(got), "the same records, as many times each");
  }

  /** A SequenceFile's BytesWritable records, as (key, value) byte arrays. */
  private static List<byte[][]> readRecords(Path file) throws Exception {
    List<byte[][]> records = new ArrayList<>();
    try (SequenceFile.Reader r = new SequenceFile.Reader(new LocalSeekableInput(file))) {
      assertEquals(BytesWritable.class, r.getKeyClass());
      assertEquals(BytesWritable.class, r.getValueClass());
      BytesWritable k = new BytesWritable();
      BytesWritable v = new BytesWritable();
      while (r.next(k, v)) {
        records.add(new byte[][] {k.copyBytes(), v.copyBytes()});
      }
    }
    return records;
  }

  /** The records in hex, sorted: equal lists mean equal multisets. */
  private static List<String> asText(List<byte[][]> records) {
    HexFormat hex = HexFormat.of();
    List<String> text = new ArrayList<>();
    for (byte[][] kv : records) {
      text.add(hex.formatHex(kv[0]) + ":" + hex.formatHex(kv[1]));
    }
    text.sort(null);
    return text;
  }

  @Test
  void piEstimateIsTheLocalRunnersAndNearPi() throws Exception {
    String[] args = {"4", "5000"};
    QuasiMonteCarlo onCluster = new QuasiMonteCarlo();
    assertEquals(0, ToolRunner.run(conf(), onCluster, args));
    Configuration local = new Configuration();
    local.set("mapreduce.framework.name", "local");
    local.set("fs.defaultFS", "file:///");
    local.set("mapred.local.dir", dir.resolve("pi-local").toString());
    local.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("pi-local-staging").toString());
    QuasiMonteCarlo inProcess = new QuasiMonteCarlo();
    assertEquals(0, ToolRunner.run(local, inProcess, args));
    // The Halton points are fixed by the maps and samples, so both runners count the same ones.
    assertEquals(inProcess.getEstimate(), onCluster.getEstimate());
    assertEquals(20, onCluster.getEstimate().scale());
    // A quasi-Monte Carlo estimate of N points errs by about (log N)^2 / N (here 5e-3);
    // a random sample's standard error would be 1.6 / sqrt(N), 1.2e-2.
    double n = 4 * 5000;
    double bound = Math.log(n) * Math.log(n) / n;
    assertTrue(Math.abs(onCluster.getEstimate().doubleValue() - Math.PI) < bound,
        onCluster.getEstimate() + " within " + bound + " of pi");
    try (Stream<Path> staging = Files.list(dir.resolve("staging"))) {
      assertEquals(List.of(), staging.filter(p -> p.getFileName().toString().startsWith("QuasiMonteCarlo_")).toList(),
          "its temporary output is removed");
    }
  }

  @Test
  void bbpDigitsAreThoseOfPi() throws Exception {
    Path work = dir.resolve("bbp");
    assertEquals(0, ToolRunner.run(conf(), new BaileyBorweinPlouffe(), new String[] {"1", "1000", "3", work.toString()}));
    String digits = HexFormat.of().withUpperCase().formatHex(Files.readAllBytes(work.resolve("pi_1_1000.hex")));
    assertTrue(digits.startsWith("243F6A8885A308D313198A2E03707344"), digits);
    // Every digit, against pi by Machin's formula (3 before the point).
    assertEquals(ExampleData.piHex(1000).toString(16).toUpperCase().substring(1), digits);
    String text = Files.readString(work.resolve("pi.txt"));
    assertTrue(text.contains("Pi = 3.1415926535 8979323846 2643383279"), text);
  }
}
