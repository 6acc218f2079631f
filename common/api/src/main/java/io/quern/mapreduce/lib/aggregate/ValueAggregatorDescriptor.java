package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import java.util.ArrayList;
import java.util.Map.Entry;

/**
 * The map side of an aggregate job: turns each input record into pairs whose key is
 * {@code TYPE:id} (the aggregator type, e.g. {@code LongValueSum}, and the id results are
 * grouped by) and whose value the aggregator folds.
 */
public interface ValueAggregatorDescriptor {
  /** Between the aggregator type and the id in a key. */
  String TYPE_SEPARATOR = ":";
  /** The value "1", for counting. */
  Text ONE = new Text("1");

  /** The pairs for one input record. */
  ArrayList<Entry<Text, Text>> generateKeyValPairs(Object key, Object val);

  /** Called once in each task before the first record. */
  void configure(Configuration conf);
}
