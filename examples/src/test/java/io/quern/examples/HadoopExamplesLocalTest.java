package io.quern.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.BytesWritable;
import io.quern.io.LocalSeekableInput;
import io.quern.io.SequenceFile;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.util.ToolRunner;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples ported from Hadoop's examples jar, each run in the local runner on generated data
 * and checked against a result computed here another way.
 */
class HadoopExamplesLocalTest {
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

  @Test
  void wordMeanMedianAndStandardDeviationMatchTheirDefinitions() throws Exception {
    Path in = dir.resolve("in");
    int[] lengths = ExampleData.wordLengths(ExampleData.writeWords(in, 7, 3, 400));
    Configuration conf = conf();
    // Several reduces: the clients must read every part, not only part 0.
    conf.setInt("mapred.reduce.tasks", 3);

    WordMean mean = new WordMean();
    assertEquals(0, ToolRunner.run(conf, mean, new String[] {in.toString(), dir.resolve("mean").toString()}));
    double wantMean = Arrays.stream(lengths).average().orElseThrow();
    assertEquals(wantMean, mean.getMean(), 1e-12);

    WordMedian median = new WordMedian();
    assertEquals(0, ToolRunner.run(conf(), median, new String[] {in.toString(), dir.resolve("median").toString()}));
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    double wantMedian = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    assertEquals(wantMedian, median.getMedian());

    WordStandardDeviation sd = new WordStandardDeviation();
    assertEquals(0, ToolRunner.run(conf, sd, new String[] {in.toString(), dir.resolve("sd").toString()}));
    double squares = 0;
    for (int l : lengths) {
      squares += (l - wantMean) * (l - wantMean);
    }
    assertEquals(Math.sqrt(squares / lengths.length), sd.getStandardDeviation(), 1e-9);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() throws Exception {
    Path in = dir.resolve("even");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.txt"), "a bb\nccc dddd eeeee ffffff\nggggggg hhhhhhhh\n");
    WordMedian median = new WordMedian();
    assertEquals(0, ToolRunner.run(conf(), median, new String[] {in.toString(), dir.resolve("out").toString()}));
    assertEquals(4.5, median.getMedian());
    TreeMap<Integer, Long> counts = new TreeMap<>(Map.of(1, 1L, 2, 2L, 7, 1L));
    assertEquals(2.0, WordMedian.median(counts));
  }

  @Test
  void secondarySortGroupsByTheFirstIntAndOrdersTheSecond() throws Exception {
    Path in = dir.resolve("pairs");
    Files.createDirectories(in);
    Random r = new Random(3);
    TreeMap<Integer, List<Integer>> want = new TreeMap<>();
    for (int f = 0; f < 2; f++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        int a = r.nextInt(200) - 100;
        int b = r.nextInt(2000) - 1000;
        text.append(a).append(' ').append(b).append('\n');
        want.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
      }
      Files.writeString(in.resolve("p" + f), text);
    }
    want.values().forEach(l -> l.sort(null));
    Path out = dir.resolve("sorted");
    Configuration conf = conf();
    conf.setInt("mapred.reduce.tasks", 3);
    assertEquals(0, ToolRunner.run(conf, new SecondarySort(), new String[] {in.toString(), out.toString()}));
    TreeMap<Integer, List<Integer>> got = new TreeMap<>();
    for (Path part : ExampleData.parts(out)) {
      Integer current = null;
      Integer previousGroup = null;
      for (String line : Files.readAllLines(part)) {
        if (line.equals(SecondarySort.SEPARATOR)) {
          previousGroup = current;
          current = null;
          continue;
        }
        String[] kv = line.split("\t");
        int a = Integer.parseInt(kv[0]);
        if (current == null) {
          assertTrue(previousGroup == null || previousGroup < a, "groups in increasing order in " + part);
          assertTrue(got.put(a, new ArrayList<>()) == null, a + " in one group only");
          current = a;
        }
        assertEquals(current, a, "a group holds one first int");
        got.get(a).add(Integer.parseInt(kv[1]));
      }
    }
    assertEquals(want, got);
  }

  private static void writeKeyValues(Path dir, String name, List<String[]> rows) throws Exception {
    Files.createDirectories(dir);
    StringBuilder s = new StringBuilder();
    for (String[] kv : rows) {
      s.append(kv[0]).append('\t').append(kv[1]).append('\n');
    }
    Files.writeString(dir.resolve(name), s);
  }

  @Test
  void joinMatchesAnInMemoryJoin() throws Exception {
    Random r = new Random(11);
    Path left = dir.resolve("left");
    Path right = dir.resolve("right");
    Map<String, List<String>> leftRows = new HashMap<>();
    Map<String, List<String>> rightRows = new HashMap<>();
    for (int f = 0; f < 2; f++) {
      List<String[]> l = new ArrayList<>();
      List<String[]> rr = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String lk = "k" + r.nextInt(250);
        String lv = "L" + f + "-" + i;
        l.add(new String[] {lk, lv});
        leftRows.computeIfAbsent(lk, k -> new ArrayList<>()).add(lv);
        String rk = "k" + (100 + r.nextInt(250));
        String rv = "R" + f + "-" + i;
        rr.add(new String[] {rk, rv});
        rightRows.computeIfAbsent(rk, k -> new ArrayList<>()).add(rv);
      }
      writeKeyValues(left, "part-" + f, l);
      writeKeyValues(right, "part-" + f, rr);
    }
    String[] common = {"-r", "2", "-inFormat", "io.quern.mapreduce.lib.input.KeyValueTextInputFormat",
        "-outKey", "io.quern.io.Text", "-outFormat", "io.quern.mapreduce.lib.output.TextOutputFormat"};
    Set<String> keys = new HashSet<>(leftRows.keySet());
    keys.addAll(rightRows.keySet());

    List<String> inner = new ArrayList<>();
    List<String> outer = new ArrayList<>();
    List<String> override = new ArrayList<>();
    for (String k : keys) {
      List<String> ls = leftRows.getOrDefault(k, List.of());
      List<String> rs = rightRows.getOrDefault(k, List.of());
      for (String lv : ls.isEmpty() ? List.of("") : ls) {
        for (String rv : rs.isEmpty() ? List.of("") : rs) {
          outer.add(k + "\t[" + lv + "," + rv + "]");
          if (!ls.isEmpty() && !rs.isEmpty()) {
            inner.add(k + "\t[" + lv + "," + rv + "]");
          }
        }
      }
      for (String v : rs.isEmpty() ? ls : rs) {
        override.add(k + "\t" + v);
      }
    }
    assertTrue(inner.size() > 100 && outer.size() > inner.size(), "the data exercise both joins");

    for (String op : List.of("inner", "outer", "override")) {
      Path out = dir.resolve("join-" + op);
      List<String> args = new ArrayList<>(List.of(common));
      args.addAll(List.of("-joinOp", op));
      if (op.equals("override")) {
        args.addAll(List.of("-outValue", "io.quern.io.Text"));
      }
      args.addAll(List.of(left.toString(), right.toString(), out.toString()));
      assertEquals(0, ToolRunner.run(conf(), new Join(), args.toArray(new String[0])), op);
      List<String> got = new ArrayList<>(ExampleData.outputLines(out));
      List<String> want = new ArrayList<>(op.equals("inner") ? inner : op.equals("outer") ? outer : override);
      got.sort(null);
      want.sort(null);
      assertEquals(want, got, op + " join");
    }
  }

  @Test
  void joinRefusesTheSameInputTwice() throws Exception {
    Path left = dir.resolve("left");
    writeKeyValues(left, "a", List.<String[]>of(new String[] {"k", "v"}));
    assertEquals(2, ToolRunner.run(conf(), new Join(), new String[] {"-inFormat",
        "io.quern.mapreduce.lib.input.KeyValueTextInputFormat", left.toString(), left + "/", dir.resolve("o").toString()}));
    assertEquals(2, ToolRunner.run(conf(), new Join(), new String[] {"-joinOp", "sideways", left.toString(),
        dir.resolve("o").toString()}));
  }

  @Test
  void randomWriterWritesItsShareOfBytesPerMapThenSortOrdersThem() throws Exception {
    Configuration conf = conf();
    conf.setLong(RandomWriter.TOTAL_BYTES, 150_000);
    conf.setLong(RandomWriter.BYTES_PER_MAP, 50_000);
    conf.setInt(RandomWriter.MIN_KEY, 5);
    conf.setInt(RandomWriter.MAX_KEY, 40);
    conf.setInt(RandomWriter.MIN_VALUE, 0);
    conf.setInt(RandomWriter.MAX_VALUE, 1000);
    Path out = dir.resolve("random");
    assertEquals(0, ToolRunner.run(conf, new RandomWriter(), new String[] {out.toString()}));
    List<Path> files = ExampleData.parts(out);
    assertEquals(3, files.size(), "total / per map maps");
    List<byte[]> keys = new ArrayList<>();
    for (Path f : files) {
      long bytes = 0;
      int last = 0;
      try (SequenceFile.Reader r = new SequenceFile.Reader(new LocalSeekableInput(f))) {
        assertEquals(BytesWritable.class, r.getKeyClass());
        BytesWritable k = new BytesWritable();
        BytesWritable v = new BytesWritable();
        while (r.next(k, v)) {
          assertTrue(k.getLength() >= 5 && k.getLength() < 40, "key length " + k.getLength());
          assertTrue(v.getLength() < 1000, "value length " + v.getLength());
          last = k.getLength() + v.getLength();
          bytes += last;
          keys.add(k.copyBytes());
        }
      }
      assertTrue(bytes >= 50_000 && bytes - last < 50_000, f + " holds its share and one record more at most: " + bytes);
    }

    Path sorted = dir.resolve("sorted");
    assertEquals(0, ToolRunner.run(conf(), new Sort(), new String[] {"-r", "2", "-totalOrder", "0.5", "200", "0",
        out.toString(), sorted.toString()}));
    List<byte[]> got = new ArrayList<>();
    for (Path f : ExampleData.parts(sorted)) {
      try (SequenceFile.Reader r = new SequenceFile.Reader(new LocalSeekableInput(f))) {
        BytesWritable k = new BytesWritable();
        BytesWritable v = new BytesWritable();
        while (r.next(k, v)) {
          got.add(k.copyBytes());
        }
      }
    }
    assertEquals(2, ExampleData.parts(sorted).size());
    keys.sort(HadoopExamplesLocalTest::compareAsBytesWritable);
    assertEquals(keys.size(), got.size());
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(keys.get(i), got.get(i), "record " + i + " of the total order");
    }
  }

  /** BytesWritable's order: the bytes unsigned, a prefix first. */
  private static int compareAsBytesWritable(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Test
  void randomTextWriterWritesSentencesOfItsVocabulary() throws Exception {
    Configuration conf = conf();
    conf.setLong(RandomTextWriter.TOTAL_BYTES, 80_000);
    conf.setLong(RandomTextWriter.BYTES_PER_MAP, 40_000);
    Path out = dir.resolve("text");
    assertEquals(0, ToolRunner.run(conf, new RandomTextWriter(), new String[] {"-outFormat",
        "io.quern.mapreduce.lib.output.TextOutputFormat", out.toString()}));
    List<Path> files = ExampleData.parts(out);
    assertEquals(2, files.size());
    Set<String> vocabulary = new HashSet<>(RandomTextWriter.WORDS);
    assertEquals(1000, vocabulary.size());
    for (Path f : files) {
      long bytes = 0;
      int last = 0;
      for (String line : Files.readAllLines(f)) {
        String[] kv = line.split("\t");
        int keyWords = kv[0].split(" ").length;
        int valueWords = kv[1].split(" ").length;
        assertTrue(keyWords >= 5 && keyWords < 10 && valueWords >= 10 && valueWords < 100, line);
        for (String w : line.split("[\t ]+")) {
          assertTrue(vocabulary.contains(w), w);
        }
        last = kv[0].length() + kv[1].length();
        bytes += last;
      }
      assertTrue(bytes >= 40_000 && bytes - last < 40_000, f + ": " + bytes);
    }
  }

  @Test
  void multiFileWordCountPacksSmallFilesAndCountsLikeWordCount() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    String text = ExampleData.writeWords(a, 5, 20, 15) + ExampleData.writeWords(b, 6, 12, 40);
    Map<String, Integer> want = new HashMap<>();
    for (String w : text.split("[ \\t\\n\\r\\f]+")) {
      if (!w.isEmpty()) {
        want.merge(w, 1, Integer::sum);
      }
    }
    Configuration conf = conf();
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 4000);
    Job probe = Job.getInstance(conf);
    FileInputFormat.addInputPaths(probe, a + "," + b);
    List<InputSplit> splits = new MultiFileWordCount.MultiFileInputFormat().getSplits(probe);
    long total = 0;
    for (InputSplit s : splits) {
      assertTrue(s.getLength() <= 4000, s.toString());
      total += s.getLength();
    }
    assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, total, "every byte in one split");
    assertTrue(splits.size() > 1 && splits.size() < 32, splits.size() + " splits for 32 files");

    Path out = dir.resolve("out");
    assertEquals(0, ToolRunner.run(conf, new MultiFileWordCount(), new String[] {a + "," + b, out.toString()}));
    Map<String, Integer> got = new HashMap<>();
    for (String line : ExampleData.outputLines(out)) {
      String[] kv = line.split("\t");
      got.put(kv[0], Integer.parseInt(kv[1]));
    }
    assertEquals(want, got);
  }

  @Test
  void bbpDigitsAreThoseOfPi() throws Exception {
    String machin = ExampleData.piHex(3100).toString(16).toUpperCase();
    assertTrue(machin.startsWith("3243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89452821E638D01377BE5466CF34E90C6CC0AC29B7C97C50DD3F84D5B5B54709179216D5D98979FB1BD1310BA698DFB5AC2FFD72DBD01ADFB7B8E1AFED6A267E96BA7C9045F12C7F9924A19947B3916CF70801F2E2858EFC16636920D871574E69A458FEA3F4933D7E0D95748F728EB658718BCD5882154AEE7B54A41DC25A59B59C30D5392AF26013C5D1B023286085F0CA417918B8DB38EF8E79DCB0603A180E6C9E0E8BB01E8A3ED71577C1BD314B2778AF2FDA55605C60E65525F3AA55AB945748986263E8144055CA396A2AAB10B6B4CC5C341141E8CEA15486AF7C72E993B3EE1411636FBC2A2BA9C55D741831F6CE5C3E169B87931EAFD6BA336C24CF5C7A325381289586773B8F48986B4BB9AFC4BFE81B6628219361D809CCFB21A991487CAC605DEC8032EF845D5DE98575B1DC262302EB651B8823893E81D396ACC50F6D6FF383F442392E0B4482A484200469C8F04A9E1F9B5E21C66842F6E96C9A670C9C61ABD388F06A51A0D2D8542F68960FA728AB5133A36EEF0B6C137A3BE4BA3BF0507EFB2A98A1F1651D39AF017666CA593E82430E888CEE8619456F9FB47D84A5C33B8B5EBEE06F75D885C12073401A449F56C16AA64ED3AA62363F77061BFEDF72429B023D37D0D724D00A1248DB0FEAD3"),
        "the test's own reference agrees with the published digits (Blowfish's tables)");

    Path work = dir.resolve("bbp");
    assertEquals(0, ToolRunner.run(conf(), new BaileyBorweinPlouffe(), new String[] {"1", "1000", "3", work.toString()}));
    assertEquals(machin.substring(1, 1001), hex(Files.readAllBytes(work.resolve("pi_1_1000.hex"))));
    String text = Files.readString(work.resolve("pi.txt"));
    assertTrue(text.contains("Pi = 0x3.243F6A8885 A308D31319"), text);
    assertTrue(text.contains("Total number of hexadecimal digits is 1000."), text);
    // pi's own decimals, from a longer expansion than the digits the job printed them from.
    String decimals = new BigDecimal(ExampleData.piHex(1200)).divide(new BigDecimal(BigInteger.ONE.shiftLeft(4800)),
        1100, java.math.RoundingMode.DOWN).toPlainString().substring(2, 1002);
    String printed = text.substring(text.indexOf("Pi = 3.") + 7).replaceAll("[^0-9]", "").substring(0, 1000);
    assertEquals(decimals, printed);
    assertTrue(text.contains("Pi = 3.1415926535 8979323846"), text);

    Path far = dir.resolve("far");
    assertEquals(0, ToolRunner.run(conf(), new BaileyBorweinPlouffe(), new String[] {"3001", "64", "2", far.toString()}));
    assertEquals(machin.substring(3001, 3065), hex(Files.readAllBytes(far.resolve("pi_3001_64.hex"))));
    assertTrue(!Files.exists(far.resolve("pi.txt")), "text only from the first digit");

    assertEquals(2, ToolRunner.run(conf(), new BaileyBorweinPlouffe(), new String[] {"1", "10", "1",
        dir.resolve("bad").toString()}), "digits must be a multiple of 4");
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02X", b & 0xff));
    }
    return s.toString();
  }

  @Test
  void bbpRangesCoverTheDigitsInWholeGroupsWithLessWorkFurtherOut() {
    long[] bounds = BaileyBorweinPlouffe.partition(999, 4000, 4);
    assertEquals(5, bounds.length);
    assertEquals(999, bounds[0]);
    assertEquals(4999, bounds[4]);
    for (int i = 1; i < bounds.length; i++) {
      assertTrue(bounds[i] > bounds[i - 1] && (bounds[i] - 999) % 4 == 0, Arrays.toString(bounds));
      if (i > 1) {
        assertTrue(bounds[i] - bounds[i - 1] <= bounds[i - 1] - bounds[i - 2] + 4,
            "later ranges are no longer: " + Arrays.toString(bounds));
      }
    }
    assertArrayEquals(new long[] {0, 4, 8}, BaileyBorweinPlouffe.partition(0, 8, 5), "no empty range");
  }

  /**
   * The points of the Halton sequence inside the circle, decided exactly: with x = X/2^a and
   * y = Y/3^c, (x-1/2)^2 + (y-1/2)^2 <= 1/4 compares integers. No point lies on the circle.
   */
  static long insideExactly(long first, long count) {
    long inside = 0;
    for (long i = first; i < first + count; i++) {
      BigInteger[] x = radicalInverse(i, 2);
      BigInteger[] y = radicalInverse(i, 3);
      // (2X - D)^2 E^2 + (2Y - E)^2 D^2 <= D^2 E^2, with D = 2^a and E = 3^c.
      BigInteger dx = x[0].shiftLeft(1).subtract(x[1]);
      BigInteger dy = y[0].shiftLeft(1).subtract(y[1]);
      BigInteger lhs = dx.pow(2).multiply(y[1].pow(2)).add(dy.pow(2).multiply(x[1].pow(2)));
      if (lhs.compareTo(x[1].pow(2).multiply(y[1].pow(2))) <= 0) {
        inside++;
      }
    }
    return inside;
  }

  /** The numerator and denominator of index's digits in base b mirrored after the point. */
  private static BigInteger[] radicalInverse(long index, int base) {
    BigInteger num = BigInteger.ZERO;
    BigInteger den = BigInteger.ONE;
    BigInteger b = BigInteger.valueOf(base);
    for (long i = index; i > 0; i /= base) {
      num = num.multiply(b).add(BigInteger.valueOf(i % base));
      den = den.multiply(b);
    }
    return new BigInteger[] {num, den};
  }

  @Test
  void piIsFourTimesTheExactShareOfHaltonPointsInTheCircle() throws Exception {
    int maps = 3;
    long samples = 20_000;
    BigDecimal pi = QuasiMonteCarlo.estimatePi(maps, samples, dir.resolve("qmc").toString(), conf());
    long inside = insideExactly(1, maps * samples);
    BigDecimal want = BigDecimal.valueOf(4).multiply(BigDecimal.valueOf(inside))
        .divide(BigDecimal.valueOf(maps * samples), 20, java.math.RoundingMode.HALF_UP);
    assertEquals(want, pi);
    assertEquals(20, pi.scale(), "printed to 20 places as Hadoop does");
    assertTrue(Math.abs(pi.doubleValue() - Math.PI) < 1e-3, pi.toString());
    assertTrue(!Files.exists(dir.resolve("qmc")), "its temporary output is removed");
  }

  @Test
  void grepCountsAGroupOverCommaSeparatedInputs() throws Exception {
    Path a = dir.resolve("ga");
    Path b = dir.resolve("gb");
    Files.createDirectories(a);
    Files.createDirectories(b);
    Files.writeString(a.resolve("x"), "dfs.block dfs.replication\ndfs.block\n");
    Files.writeString(b.resolve("y"), "dfs.name dfs.block\n");
    Path out = dir.resolve("out");
    assertEquals(0, ToolRunner.run(conf(), new Grep(), new String[] {a + "," + b, out.toString(), "dfs\\.([a-z]+)", "1"}));
    List<String> lines = Files.readAllLines(out.resolve("part-r-00000"));
    assertEquals("3\tblock", lines.get(0));
    assertEquals(Set.of("1\treplication", "1\tname"), new HashSet<>(lines.subList(1, 3)));
    assertEquals(3, lines.size());
  }

  @Test
  void wordCountsSplitOnHadoopsSeparatorsAndTheOldOneTakesReduces() throws Exception {
    Path in = dir.resolve("wc");
    Files.createDirectories(in);
    Files.writeString(in.resolve("t"), "a\u000bb a\tc\fa\r\nc\n");
    Path out = dir.resolve("out");
    assertEquals(0, ToolRunner.run(conf(), new WordCount(), new String[] {in.toString(), out.toString()}));
    Map<String, String> got = new HashMap<>();
    for (String line : ExampleData.outputLines(out)) {
      String[] kv = line.split("\t");
      got.put(kv[0], kv[1]);
    }
    assertEquals(Map.of("a\u000bb", "1", "a", "2", "c", "2"), got, "a vertical tab is part of a word");

    Path old = dir.resolve("old");
    assertEquals(0, ToolRunner.run(conf(), new OldApiWordCount(), new String[] {"-r", "2", in.toString(), old.toString()}));
    assertEquals(2, ExampleData.parts(old).size());
    Map<String, String> oldGot = new HashMap<>();
    for (String line : ExampleData.outputLines(old)) {
      String[] kv = line.split("\t");
      oldGot.put(kv[0], kv[1]);
    }
    assertEquals(got, oldGot);
  }
}
