package io.quern.mapreduce.lib.reduce;

import io.quern.io.IntWritable;
import io.quern.mapreduce.Reducer;
import java.io.IOException;

/** Sums the int values of each key; also usable as the combiner. */
public class IntSumReducer<K> extends Reducer<K, IntWritable, K, IntWritable> {
  private final IntWritable result = new IntWritable();

  @Override
  protected void reduce(K key, Iterable<IntWritable> values, Context context)
      throws IOException, InterruptedException {
    int sum = 0;
    for (IntWritable v : values) {
      sum += v.get();
    }
    result.set(sum);
    context.write(key, result);
  }
}
