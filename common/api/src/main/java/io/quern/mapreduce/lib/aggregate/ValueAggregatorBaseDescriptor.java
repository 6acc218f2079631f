package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.io.Text;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Map.Entry;

/**
 * The descriptor job descriptors extend: names the built-in aggregator types, makes an
 * aggregator from a type ({@link #generateValueAggregator}), and by default counts records,
 * in all and per input file.
 */
public class ValueAggregatorBaseDescriptor implements ValueAggregatorDescriptor {
  public static final String UNIQ_VALUE_COUNT = "UniqValueCount";
  public static final String LONG_VALUE_SUM = "LongValueSum";
  public static final String DOUBLE_VALUE_SUM = "DoubleValueSum";
  public static final String VALUE_HISTOGRAM = "ValueHistogram";
  public static final String LONG_VALUE_MAX = "LongValueMax";
  public static final String LONG_VALUE_MIN = "LongValueMin";
  public static final String STRING_VALUE_MAX = "StringValueMax";
  public static final String STRING_VALUE_MIN = "StringValueMin";
  /** Set by the framework in a map reading a file split: that file. */
  static final String INPUT_FILE = "map.input.file";

  /**
   * The file the task reads, when it reads one; set by {@link #configure}. Written once, by configure on
   * the task's thread before use.
   */
  public String inputFile;
  /**
   * The most distinct values a {@link UniqValueCount} remembers. Written once, by configure on the task's
   * thread before use.
   */
  public long maxNumItems = Long.MAX_VALUE;

  /** A pair keyed {@code type:id}; null when the type or id is null. */
  public static Entry<Text, Text> generateEntry(String type, String id, Text val) {
    if (type == null || id == null) {
      return null;
    }
    return new AbstractMap.SimpleEntry<>(new Text(type + TYPE_SEPARATOR + id), val);
  }

  /**
   * A new aggregator of the built-in {@code type}.
   *
   * @param uniqCount the most distinct values a {@link UniqValueCount} remembers
   * @throws IllegalArgumentException an unknown type
   */
  public static ValueAggregator<?> generateValueAggregator(String type, long uniqCount) {
    if (type == null) {
      throw new IllegalArgumentException("An aggregation id needs a type before '" + TYPE_SEPARATOR + "'.");
    }
    return switch (type) {
      case LONG_VALUE_SUM -> new LongValueSum();
      case LONG_VALUE_MAX -> new LongValueMax();
      case LONG_VALUE_MIN -> new LongValueMin();
      case STRING_VALUE_MAX -> new StringValueMax();
      case STRING_VALUE_MIN -> new StringValueMin();
      case DOUBLE_VALUE_SUM -> new DoubleValueSum();
      case UNIQ_VALUE_COUNT -> new UniqValueCount(uniqCount);
      case VALUE_HISTOGRAM -> new ValueHistogram();
      default -> throw new IllegalArgumentException("Unknown aggregator type '" + type + "': it must be one of "
          + String.join(", ", LONG_VALUE_SUM, LONG_VALUE_MAX, LONG_VALUE_MIN, STRING_VALUE_MAX, STRING_VALUE_MIN,
          DOUBLE_VALUE_SUM, UNIQ_VALUE_COUNT, VALUE_HISTOGRAM) + ".");
    };
  }

  /** Counts the record under {@code LongValueSum:record_count} and, when known, under the input file's name. */
  @Override
  public ArrayList<Entry<Text, Text>> generateKeyValPairs(Object key, Object val) {
    ArrayList<Entry<Text, Text>> out = new ArrayList<>(2);
    out.add(generateEntry(LONG_VALUE_SUM, "record_count", ONE));
    if (inputFile != null) {
      out.add(generateEntry(LONG_VALUE_SUM, inputFile, ONE));
    }
    return out;
  }

  /** Reads the input file and {@value UniqValueCount#MAX_NUM_UNIQUE_VALUES}. */
  @Override
  public void configure(Configuration conf) {
    String file = conf.getTrimmed(INPUT_FILE);
    inputFile = file == null || file.isEmpty() ? null : file;
    maxNumItems = conf.getLong(UniqValueCount.MAX_NUM_UNIQUE_VALUES, Long.MAX_VALUE);
  }
}
