package io.quern.mapred.lib;

import io.quern.mapred.MapReduceBase;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reducer;
import io.quern.mapred.Reporter;
import java.io.IOException;
import java.util.Iterator;

/** Writes every value of a key group with its key: the old API's default reducer (sorted output). */
public class IdentityReducer<K, V> extends MapReduceBase implements Reducer<K, V, K, V> {
  @Override
  public void reduce(K key, Iterator<V> values, OutputCollector<K, V> output, Reporter reporter)
      throws IOException {
    while (values.hasNext()) {
      output.collect(key, values.next());
    }
  }
}
