package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.MapredKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration an aggregate job's tasks read: {@value #DESCRIPTOR_NUM} descriptors,
 * {@value #DESCRIPTOR}{@code .0} ... each {@code UserDefined,CLASS}.
 */
public class ValueAggregatorJobBase<K1 extends WritableComparable<?>, V1 extends Writable> {
  public static final String DESCRIPTOR = "mapreduce.aggregate.descriptor";
  public static final String DESCRIPTOR_NUM = "mapreduce.aggregate.descriptor.num";
  /** A local jar holding the descriptors, to submit as the job's jar. */
  public static final String USER_JAR = "mapreduce.aggregate.user.jar.file";

  /** The descriptor a spec {@code UserDefined,CLASS} names; null for a null spec. */
  public static ValueAggregatorDescriptor getValueAggregatorDescriptor(String spec, Configuration conf) {
    if (spec == null) {
      return null;
    }
    String[] parts = spec.split(",", -1);
    if (parts.length != 2 || !parts[0].equals("UserDefined") || parts[1].isBlank()) {
      throw new IllegalArgumentException("Aggregator descriptor '" + spec + "' is not of the form UserDefined,CLASS.");
    }
    return new UserDefinedValueAggregatorDescriptor(parts[1].trim(), conf);
  }

  /** The descriptors {@code conf} names, each made and configured. */
  public static List<ValueAggregatorDescriptor> getAggregatorDescriptors(Configuration conf) {
    int n = MapredKeys.AGGREGATE_DESCRIPTOR_NUM.getInt(conf);
    List<ValueAggregatorDescriptor> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ValueAggregatorDescriptor d = getValueAggregatorDescriptor(conf.get(DESCRIPTOR + "." + i), conf);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  /** {@value UniqValueCount#MAX_NUM_UNIQUE_VALUES} of {@code conf}. */
  static long maxNumItems(Configuration conf) {
    return conf.getLong(UniqValueCount.MAX_NUM_UNIQUE_VALUES, Long.MAX_VALUE);
  }

  /** Splits {@code TYPE:id}; the type is null when there is no separator. */
  static String[] typeAndId(String key) {
    int sep = key.indexOf(ValueAggregatorDescriptor.TYPE_SEPARATOR);
    if (sep < 0) {
      throw new IllegalArgumentException("Aggregation key '" + key + "' has no type: it must be TYPE"
          + ValueAggregatorDescriptor.TYPE_SEPARATOR + "ID.");
    }
    return new String[] {key.substring(0, sep), key.substring(sep + ValueAggregatorDescriptor.TYPE_SEPARATOR.length())};
  }
}
