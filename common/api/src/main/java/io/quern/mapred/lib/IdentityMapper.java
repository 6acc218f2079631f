package io.quern.mapred.lib;

import io.quern.mapred.MapReduceBase;
import io.quern.mapred.Mapper;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reporter;
import java.io.IOException;

/** Passes each record through unchanged: the old API's default mapper. */
public class IdentityMapper<K, V> extends MapReduceBase implements Mapper<K, V, K, V> {
  @Override
  public void map(K key, V value, OutputCollector<K, V> output, Reporter reporter) throws IOException {
    output.collect(key, value);
  }
}
