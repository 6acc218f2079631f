package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each value occurs. A value is {@code VALUE} (once) or {@code VALUE\tCOUNT}. The
 * report is the number of distinct values and, over their frequencies, the minimum, median,
 * maximum, average and standard deviation, tab-separated.
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class ValueHistogram implements ValueAggregator<String> {
  private final TreeMap<String, Long> items = new TreeMap<>();

  @Override
  public void addNextValue(Object val) {
    String s = val.toString();
    int tab = s.lastIndexOf('\t');
    String value = tab >= 0 ? s.substring(0, tab) : s;
    long count = tab >= 0 ? Long.parseLong(s.substring(tab + 1)) : 1;
    items.merge(value, count, Long::sum);
  }

  @Override
  public String getReport() {
    long[] counts = items.values().stream().mapToLong(Long::longValue).sorted().toArray();
    StringBuilder b = new StringBuilder().append(counts.length);
    if (counts.length > 0) {
      double average = (double) Arrays.stream(counts).sum() / counts.length;
      double squares = 0;
      for (long c : counts) {
        squares += (c - average) * (c - average);
      }
      b.append('\t').append(counts[0]);
      b.append('\t').append(counts[counts.length / 2]);
      b.append('\t').append(counts[counts.length - 1]);
      b.append('\t').append(average);
      b.append('\t').append(Math.sqrt(squares / counts.length));
    }
    return b.toString();
  }

  /** One line {@code VALUE\tCOUNT} per distinct value, in value order. */
  public String getReportDetails() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : items.entrySet()) {
      b.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  /** Each distinct value with its count. */
  public TreeMap<Object, Object> getReportItems() {
    TreeMap<Object, Object> out = new TreeMap<>();
    out.putAll(items);
    return out;
  }

  @Override
  public void reset() {
    items.clear();
  }

  /** {@code VALUE\tCOUNT} per distinct value, which the reducer adds up. */
  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(items.size());
    for (Map.Entry<String, Long> e : items.entrySet()) {
      out.add(e.getKey() + "\t" + e.getValue());
    }
    return out;
  }
}
