package io.quern.mapreduce.lib.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregate jobs in the local runner, their output checked against the same statistics computed here. */
class AggregateJobLocalTest {
  @TempDir
  Path dir;

  /** Hadoop's AggregateWordCount plug-in: one LongValueSum per word. */
  public static class WordCountPlugIn extends ValueAggregatorBaseDescriptor {
    @Override
    public ArrayList<Entry<Text, Text>> generateKeyValPairs(Object key, Object val) {
      ArrayList<Entry<Text, Text>> out = new ArrayList<>();
      StringTokenizer it = new StringTokenizer(val.toString());
      while (it.hasMoreTokens()) {
        out.add(generateEntry(LONG_VALUE_SUM, it.nextToken(), ONE));
      }
      return out;
    }
  }

  /** Hadoop's AggregateWordHistogram plug-in, plus the distinct words and the longest line. */
  public static class WordStatsPlugIn extends ValueAggregatorBaseDescriptor {
    @Override
    public ArrayList<Entry<Text, Text>> generateKeyValPairs(Object key, Object val) {
      ArrayList<Entry<Text, Text>> out = new ArrayList<>();
      String line = val.toString();
      for (String w : line.split(" ")) {
        out.add(generateEntry(VALUE_HISTOGRAM, "WORD_HISTOGRAM", new Text(w + "\t1")));
        out.add(generateEntry(UNIQ_VALUE_COUNT, "DISTINCT_WORDS", new Text(w)));
      }
      out.add(generateEntry(LONG_VALUE_MAX, "LONGEST_LINE", new Text(Integer.toString(line.length()))));
      return out;
    }
  }

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.setInt("io.sort.mb", 1);
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    return conf;
  }

  /** Writes files of lines of words (never empty) and returns all lines. */
  private java.util.List<String> writeInput(Path in, int files, int lines) throws IOException {
    Files.createDirectories(in);
    Random r = new Random(11);
    java.util.List<String> all = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        int words = 1 + r.nextInt(10);
        StringBuilder line = new StringBuilder();
        for (int w = 0; w < words; w++) {
          line.append(w > 0 ? " " : "").append("w").append((int) Math.pow(r.nextInt(30), 2));
        }
        all.add(line.toString());
        b.append(line).append('\n');
      }
      Files.writeString(in.resolve("part" + f + ".txt"), b.toString());
    }
    return all;
  }

  private static Map<String, String> readOutput(Path out) throws IOException {
    Map<String, String> got = new HashMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(p)) {
          int tab = line.indexOf('\t');
          assertNull(got.put(line.substring(0, tab), line.substring(tab + 1)), "id twice in the output: " + line);
        }
      }
    }
    return got;
  }

  @Test
  void aggregateWordCountEqualsAHashMapCount() throws Exception {
    Path in = dir.resolve("in");
    java.util.List<String> lines = writeInput(in, 3, 4000);
    Map<String, String> want = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    for (String line : lines) {
      for (String w : line.split(" ")) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    counts.forEach((w, c) -> want.put(w, Long.toString(c)));

    Configuration conf = conf();
    conf.setInt(ValueAggregatorJobBase.DESCRIPTOR_NUM, 1);
    conf.set(ValueAggregatorJobBase.DESCRIPTOR + ".0", "UserDefined," + WordCountPlugIn.class.getName());
    Job job = ValueAggregatorJob.createValueAggregatorJob(conf,
        new String[] {in.toString(), dir.resolve("out").toString(), "2", "textinputformat"});
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(want, readOutput(dir.resolve("out")));
  }

  @Test
  void histogramDistinctCountMaximumAndRecordCountsEqualTheirDefinitions() throws Exception {
    Path in = dir.resolve("in");
    java.util.List<String> lines = writeInput(in, 2, 3000);
    Map<String, Long> freq = new HashMap<>();
    Set<String> distinct = new HashSet<>();
    long longest = 0;
    for (String line : lines) {
      for (String w : line.split(" ")) {
        freq.merge(w, 1L, Long::sum);
        distinct.add(w);
      }
      longest = Math.max(longest, line.length());
    }
    long[] f = freq.values().stream().mapToLong(Long::longValue).sorted().toArray();
    double avg = Arrays.stream(f).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(f).mapToDouble(c -> (c - avg) * (c - avg)).sum() / f.length);

    // The descriptors come from a spec file, as the fifth argument names it.
    Path spec = dir.resolve("spec.xml");
    Files.writeString(spec, "<configuration>"
        + "<property><name>mapreduce.aggregate.descriptor.num</name><value>2</value></property>"
        + "<property><name>mapreduce.aggregate.descriptor.0</name><value>UserDefined," + WordStatsPlugIn.class.getName()
        + "</value></property>"
        + "<property><name>mapreduce.aggregate.descriptor.1</name><value>UserDefined,"
        + ValueAggregatorBaseDescriptor.class.getName() + "</value></property></configuration>");
    Job job = ValueAggregatorJob.createValueAggregatorJob(conf(),
        new String[] {in.toString(), dir.resolve("out").toString(), "3", "textinputformat", spec.toString(), "stats"});
    assertEquals("ValueAggregatorJob: stats", job.getJobName());
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    Map<String, String> got = readOutput(dir.resolve("out"));

    String[] h = got.get("WORD_HISTOGRAM").split("\t");
    assertEquals(f.length, Integer.parseInt(h[0]));
    assertEquals(f[0], Long.parseLong(h[1]));
    assertEquals(f[f.length / 2], Long.parseLong(h[2]));
    assertEquals(f[f.length - 1], Long.parseLong(h[3]));
    assertEquals(avg, Double.parseDouble(h[4]), 1e-9);
    assertEquals(sd, Double.parseDouble(h[5]), 1e-9);
    assertEquals(Integer.toString(distinct.size()), got.get("DISTINCT_WORDS"));
    assertEquals(Long.toString(longest), got.get("LONGEST_LINE"));
    assertEquals(Integer.toString(lines.size()), got.get("record_count"));
    for (int i = 0; i < 2; i++) {
      String file = dir.resolve("in").resolve("part" + i + ".txt").toUri().getPath();
      String perFile = got.entrySet().stream().filter(e -> e.getKey().endsWith(file)).map(Entry::getValue)
          .findFirst().orElse(null);
      assertEquals("3000", perFile, "records of " + file + " in " + got.keySet());
    }
  }
}
