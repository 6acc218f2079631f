package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The lexicographically minimum of string values (compared as Java strings); null before any.
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class StringValueMin implements ValueAggregator<String> {
  private String min;

  @Override
  public void addNextValue(Object val) {
    String s = val.toString();
    if (min == null || s.compareTo(min) < 0) {
      min = s;
    }
  }

  public String getVal() {
    return min;
  }

  @Override
  public String getReport() {
    return min;
  }

  @Override
  public void reset() {
    min = null;
  }

  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(1);
    if (min != null) {
      out.add(min);
    }
    return out;
  }
}
