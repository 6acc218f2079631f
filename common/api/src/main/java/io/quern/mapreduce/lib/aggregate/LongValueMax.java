package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The maximum of long values ({@value Long#MIN_VALUE} before any).
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class LongValueMax implements ValueAggregator<String> {
  private long max = Long.MIN_VALUE;

  /** Adds a value given as anything whose string form is a long. */
  @Override
  public void addNextValue(Object val) {
    addNextValue(Long.parseLong(val.toString()));
  }

  public void addNextValue(long val) {
    if (val > max) {
      max = val;
    }
  }

  public long getVal() {
    return max;
  }

  @Override
  public String getReport() {
    return Long.toString(max);
  }

  @Override
  public void reset() {
    max = Long.MIN_VALUE;
  }

  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(1);
    out.add(getReport());
    return out;
  }
}
