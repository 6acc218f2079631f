package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The sum of long values.
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class LongValueSum implements ValueAggregator<String> {
  private long sum;

  /** Adds a value given as anything whose string form is a long. */
  @Override
  public void addNextValue(Object val) {
    sum += Long.parseLong(val.toString());
  }

  public void addNextValue(long val) {
    sum += val;
  }

  public long getSum() {
    return sum;
  }

  @Override
  public String getReport() {
    return Long.toString(sum);
  }

  @Override
  public void reset() {
    sum = 0;
  }

  @Override
  public ArrayList<String> getCombinerOutput() {
    ArrayList<String> out = new ArrayList<>(1);
    out.add(getReport());
    return out;
  }
}
