package io.quern.mapreduce.lib.reduce;

import io.quern.io.LongWritable;
import io.quern.mapreduce.Reducer;
import java.io.IOException;

/** Sums the long values of each key; also usable as the combiner. */
public class LongSumReducer<K> extends Reducer<K, LongWritable, K, LongWritable> {
  private final LongWritable result = new LongWritable();

  @Override
  protected void reduce(K key, Iterable<LongWritable> values, Context context)
      throws IOException, InterruptedException {
    long sum = 0;
    for (LongWritable v : values) {
      sum += v.get();
    }
    result.set(sum);
    context.write(key, result);
  }
}
