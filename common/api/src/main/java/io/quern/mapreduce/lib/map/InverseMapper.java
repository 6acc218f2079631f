package io.quern.mapreduce.lib.map;

import io.quern.mapreduce.Mapper;
import java.io.IOException;

/** Swaps key and value. */
public class InverseMapper<K, V> extends Mapper<K, V, V, K> {
  @Override
  protected void map(K key, V value, Context context) throws IOException, InterruptedException {
    context.write(value, key);
  }
}
