package io.quern.io;

import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.CompressionCodec;

/**
 * What the options of a {@link MapFile.Writer} say: key class and order, value class and the
 * data file's compression, checked to be complete and consistent. It is separate so that the
 * writer's constructor reads as "parse the options, make the two files", and the rules for
 * which options go together are in one place.
 */
record MapFileWriterOptions(Class<?> keyClass, Class<?> valueClass, WritableComparator comparator,
    CompressionType type, CompressionCodec codec) {

  static MapFileWriterOptions parse(SequenceFile.Writer.Option... opts) {
    Class<?> keys = null;
    Class<?> values = null;
    WritableComparator order = null;
    CompressionType type = CompressionType.NONE;
    CompressionCodec codec = null;
    for (SequenceFile.Writer.Option o : opts) {
      if (o instanceof MapFile.Writer.KeyOption k) {
        keys = k.value();
      } else if (o instanceof SequenceFile.Writer.KeyClassOption k) {
        keys = k.value();
      } else if (o instanceof MapFile.Writer.ComparatorOption c) {
        order = c.value();
      } else if (o instanceof SequenceFile.Writer.ValueClassOption v) {
        values = v.value();
      } else if (o instanceof SequenceFile.Writer.CompressionOption c) {
        type = c.type();
        codec = c.codec();
      } else {
        throw new IllegalArgumentException("map file writers take no option " + o);
      }
    }
    if (order == null && keys == null) {
      throw new IllegalArgumentException("a map file writer needs a key class or a comparator");
    }
    if (values == null) {
      throw new IllegalArgumentException("a map file writer needs a value class");
    }
    if (keys == null) {
      keys = order.getKeyClass();
    }
    if (order == null) {
      order = WritableComparator.get(keys);
    }
    if (!WritableComparable.class.isAssignableFrom(keys)) {
      throw new IllegalArgumentException("map file keys must be WritableComparable, not " + keys.getName());
    }
    return new MapFileWriterOptions(keys, values, order, type, codec);
  }
}
