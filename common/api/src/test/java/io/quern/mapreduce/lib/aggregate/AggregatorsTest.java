package io.quern.mapreduce.lib.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregatorsTest {
  private static final String[] TYPES = {"LongValueSum", "LongValueMax", "LongValueMin", "StringValueMax",
      "StringValueMin", "DoubleValueSum", "UniqValueCount", "ValueHistogram"};

  /** Folds {@code values} directly, and through combiners over random slices; both reports must agree. */
  private static void combiningChangesNothing(String type, List<String> values, Random rnd) {
    ValueAggregator<?> direct = ValueAggregatorBaseDescriptor.generateValueAggregator(type, Long.MAX_VALUE);
    values.forEach(direct::addNextValue);
    ValueAggregator<?> reduce = ValueAggregatorBaseDescriptor.generateValueAggregator(type, Long.MAX_VALUE);
    int i = 0;
    while (i < values.size()) {
      int n = 1 + rnd.nextInt(values.size() - i);
      ValueAggregator<?> combine = ValueAggregatorBaseDescriptor.generateValueAggregator(type, Long.MAX_VALUE);
      values.subList(i, i + n).forEach(combine::addNextValue);
      for (Object o : combine.getCombinerOutput()) {
        reduce.addNextValue(new Text(o.toString()));
      }
      i += n;
    }
    assertEquals(direct.getReport(), reduce.getReport(), type);
  }

  @Test
  void everyTypeReportsTheSameWithOrWithoutCombiners() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      List<String> longs = new ArrayList<>();
      List<String> words = new ArrayList<>();
      int n = 1 + rnd.nextInt(60);
      for (int k = 0; k < n; k++) {
        longs.add(Long.toString(rnd.nextInt(2000) - 1000));
        words.add("w" + rnd.nextInt(15));
      }
      for (String type : TYPES) {
        List<String> values = type.startsWith("Long") || type.startsWith("Double") ? longs : words;
        combiningChangesNothing(type, values, rnd);
      }
    }
  }

  @Test
  void reportsEqualTheirDefinitions() {
    List<Long> xs = Arrays.asList(5L, -3L, 12L, 12L, 0L);
    LongValueSum sum = new LongValueSum();
    LongValueMax max = new LongValueMax();
    LongValueMin min = new LongValueMin();
    DoubleValueSum dsum = new DoubleValueSum();
    for (long x : xs) {
      sum.addNextValue(new Text(Long.toString(x)));
      max.addNextValue(Long.toString(x));
      min.addNextValue(x);
      dsum.addNextValue(x + 0.5);
    }
    assertEquals("26", sum.getReport());
    assertEquals("12", max.getReport());
    assertEquals("-3", min.getReport());
    assertEquals(Double.toString(26 + 5 * 0.5), dsum.getReport());
    StringValueMax smax = new StringValueMax();
    StringValueMin smin = new StringValueMin();
    for (String s : new String[] {"pear", "apple", "zoo", "b"}) {
      smax.addNextValue(s);
      smin.addNextValue(new Text(s));
    }
    assertEquals("zoo", smax.getReport());
    assertEquals("apple", smin.getReport());
    UniqValueCount uniq = new UniqValueCount(3);
    for (String s : new String[] {"a", "b", "a", "c", "d", "e"}) {
      uniq.addNextValue(s);
    }
    assertEquals("3", uniq.getReport(), "at most 3 remembered");
    sum.reset();
    assertEquals("0", sum.getReport());
  }

  @Test
  void histogramReportIsCountMinMedianMaxAverageAndDeviationOfFrequencies() {
    ValueHistogram h = new ValueHistogram();
    Map<String, Long> freq = new HashMap<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      String w = "w" + rnd.nextInt(30);
      long c = 1 + rnd.nextInt(3);
      freq.merge(w, c, Long::sum);
      h.addNextValue(c == 1 ? w : w + "\t" + c);
    }
    long[] counts = freq.values().stream().mapToLong(Long::longValue).sorted().toArray();
    double avg = Arrays.stream(counts).average().orElseThrow();
    double var = Arrays.stream(counts).mapToDouble(c -> (c - avg) * (c - avg)).sum() / counts.length;
    String[] got = h.getReport().split("\t");
    assertEquals(6, got.length);
    assertEquals(counts.length, Integer.parseInt(got[0]));
    assertEquals(counts[0], Long.parseLong(got[1]));
    assertEquals(counts[counts.length / 2], Long.parseLong(got[2]));
    assertEquals(counts[counts.length - 1], Long.parseLong(got[3]));
    assertEquals(avg, Double.parseDouble(got[4]), 1e-9);
    assertEquals(Math.sqrt(var), Double.parseDouble(got[5]), 1e-9);
    assertEquals(freq.size(), h.getReportDetails().split("\n").length);
    assertEquals("0", new ValueHistogram().getReport());
  }

  public static class Words extends ValueAggregatorBaseDescriptor {
    @Override
    public ArrayList<Map.Entry<Text, Text>> generateKeyValPairs(Object key, Object val) {
      ArrayList<Map.Entry<Text, Text>> out = new ArrayList<>();
      for (String w : val.toString().split(" ")) {
        out.add(generateEntry(LONG_VALUE_SUM, w, ONE));
      }
      return out;
    }
  }

  @Test
  void descriptorsComeFromTheConfiguration() {
    @SuppressWarnings("unchecked")
    Configuration conf = ValueAggregatorJob.setAggregatorDescriptors(new Class[] {Words.class,
        ValueAggregatorBaseDescriptor.class});
    conf.set("map.input.file", "file:///in/a.txt");
    List<ValueAggregatorDescriptor> ds = ValueAggregatorJobBase.getAggregatorDescriptors(conf);
    assertEquals(2, ds.size());
    List<String> keys = new ArrayList<>();
    for (ValueAggregatorDescriptor d : ds) {
      d.generateKeyValPairs(null, new Text("x y")).forEach(e -> keys.add(e.getKey() + "=" + e.getValue()));
    }
    assertEquals(List.of("LongValueSum:x=1", "LongValueSum:y=1", "LongValueSum:record_count=1",
        "LongValueSum:file:///in/a.txt=1"), keys);
    conf.set(ValueAggregatorJobBase.DESCRIPTOR + ".0", "Builtin," + Words.class.getName());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ValueAggregatorJobBase.getAggregatorDescriptors(conf));
    assertTrue(bad.getMessage().contains("UserDefined,CLASS"), bad.getMessage());
    conf.set(ValueAggregatorJobBase.DESCRIPTOR + ".0", "UserDefined,no.such.Descriptor");
    assertThrows(IllegalArgumentException.class, () -> ValueAggregatorJobBase.getAggregatorDescriptors(conf));
    assertThrows(IllegalArgumentException.class,
        () -> ValueAggregatorBaseDescriptor.generateValueAggregator("Median", 1));
  }
}
