package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * The sum of double values.
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class DoubleValueSum implements ValueAggregator<String> {
  private double sum;

  /** Adds a value given as anything whose string form is a double. */
  @Override
  public void addNextValue(Object val) {
    sum += Double.parseDouble(val.toString());
  }

  public void addNextValue(double val) {
    sum += val;
  }

  public double getSum() {
    return sum;
  }

  @Override
  public String getReport() {
    return Double.toString(sum);
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
