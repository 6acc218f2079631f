package io.quern.mapred;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/**
 * The old API's reducer: {@link #configure} once, {@link #reduce} for each key group in key
 * order, then {@link #close}. The values stream from the merge and can be iterated once; the
 * framework reuses the key and value objects, so copy what must outlive the call.
 */
public interface Reducer<K2, V2, K3, V3> extends JobConfigurable, Closeable {
  void reduce(K2 key, Iterator<V2> values, OutputCollector<K3, V3> output, Reporter reporter) throws IOException;
}
