package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The number of distinct values, remembering at most a set number of them (values beyond it
 * are dropped, so the count stops there).
 *
 * <p>Confined to the task's thread (an aggregator serves one map, combine or reduce, as Hadoop's does).
 */
public class UniqValueCount implements ValueAggregator<Object> {
  /** Configuration key of the most distinct values a job's aggregators remember. */
  public static final String MAX_NUM_UNIQUE_VALUES = "mapreduce.aggregate.max.num.unique.values";

  private final Set<String> items = new LinkedHashSet<>();
  private long maxNumItems;

  public UniqValueCount() {
    this(Long.MAX_VALUE);
  }

  public UniqValueCount(long maxNum) {
    maxNumItems = maxNum;
  }

  /** Lowers (or raises) the limit; returns the limit now in force, never below what is already remembered. */
  public long setMaxItems(long n) {
    maxNumItems = Math.max(n, items.size());
    return maxNumItems;
  }

  @Override
  public void addNextValue(Object val) {
    if (items.size() < maxNumItems) {
      items.add(val.toString());
    }
  }

  @Override
  public String getReport() {
    return Integer.toString(items.size());
  }

  /** The distinct values remembered. */
  public Set<Object> getUniqueItems() {
    return new LinkedHashSet<>(items);
  }

  @Override
  public void reset() {
    items.clear();
  }

  /** The distinct values themselves, so that the reducer counts each once across combiners. */
  @Override
  public ArrayList<Object> getCombinerOutput() {
    return new ArrayList<>(items);
  }
}
