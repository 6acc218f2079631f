package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The lexicographically maximum of string values (compared as Java strings); null before any.
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class StringValueMax implements ValueAggregator<String> {
  private String max;

  @Override
  public void addNextValue(Object val) {
    String s = val.toString();
    if (max == null || s.compareTo(max) > 0) {
      max = s;
    }
  }

  public String getVal() {
    return max;
  }

  @Override
  public String getReport() {
    return max;
  }

  @Override
  public void reset() {
    max = null;
  }

  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(1);
    if (max != null) {
      out.add(max);
    }
    return out;
  }
}
