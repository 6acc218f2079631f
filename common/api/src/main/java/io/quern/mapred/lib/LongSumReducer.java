package io.quern.mapred.lib;

import io.quern.io.LongWritable;
import io.quern.mapred.MapReduceBase;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reducer;
import io.quern.mapred.Reporter;
import java.io.IOException;
import java.util.Iterator;

/** Sums the long values of each key; also usable as the combiner. */
public class LongSumReducer<K> extends MapReduceBase implements Reducer<K, LongWritable, K, LongWritable> {
  private final LongWritable sum = new LongWritable();

  @Override
  public void reduce(K key, Iterator<LongWritable> values, OutputCollector<K, LongWritable> output,
      Reporter reporter) throws IOException {
    long total = 0;
    while (values.hasNext()) {
      total += values.next().get();
    }
    sum.set(total);
    output.collect(key, sum);
  }
}
