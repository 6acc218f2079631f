package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import io.quern.io.Writable;
import io.quern.util.ReflectionUtils;
import java.io.IOException;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers that turn record streams into lists of deserialized pairs. */
final class Records {

  private Records() {
  }

  static <K extends Writable, V extends Writable> List<Map.Entry<K, V>> readAll(RawKeyValueIterator in,
      Class<K> keyClass, Class<V> valueClass) throws IOException {
    List<Map.Entry<K, V>> out = new ArrayList<>();
    try (in) {
      while (in.next()) {
        K key = ReflectionUtils.newInstance(keyClass);
        V value = ReflectionUtils.newInstance(valueClass);
        readFully(key, in.getKey());
        readFully(value, in.getValue());
        out.add(new SimpleEntry<>(key, value));
      }
    }
    return out;
  }

  private static void readFully(Writable w, DataInputBuffer in) throws IOException {
    w.readFields(in);
    if (in.remaining() != 0) {
      throw new AssertionError(in.remaining() + " bytes left after reading " + w);
    }
  }
}
