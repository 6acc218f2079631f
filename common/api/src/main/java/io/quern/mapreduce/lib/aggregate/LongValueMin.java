package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The minimum of long values ({@value Long#MAX_VALUE} before any).
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class LongValueMin implements ValueAggregator<String> {
  private long min = Long.MAX_VALUE;

  /** Adds a value given as anything whose string form is a long. */
  @Override
  public void addNextValue(Object val) {
    addNextValue(Long.parseLong(val.toString()));
  }

  public void addNextValue(long val) {
    if (val < min) {
      min = val;
    }
  }

  public long getVal() {
    return min;
  }

  @Override
  public String getReport() {
    return Long.toString(min);
  }

  @Override
  public void reset() {
    min = Long.MAX_VALUE;
  }

  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(1);
    out.add(getReport());
    return out;
  }
}
