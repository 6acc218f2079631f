package io.quern.mapred;

import java.io.Closeable;
import java.io.IOException;

/**
 * The old API's mapper: {@link #configure} once, {@link #map} for each record of the split,
 * then {@link #close} (also when a map call failed).
 */
public interface Mapper<K1, V1, K2, V2> extends JobConfigurable, Closeable {
  void map(K1 key, V1 value, OutputCollector<K2, V2> output, Reporter reporter) throws IOException;
}
