package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import io.quern.io.RawComparator;
import io.quern.util.IndexedSortable;
import io.quern.util.QuickSort;
import java.nio.IntBuffer;

/**
 * The records of one spill, seen through their metadata in the sort buffer: entry i is
 * the i-th record collected (until sorted), four ints at {@code equator - 16 (i + 1)}
 * bytes, wrapping around the ring: partition, key start, key length, value length. The
 * key and value bytes are contiguous at key start. Sorting swaps metadata entries in
 * place and never moves record bytes.
 */
final class CollectedRecords implements IndexedSortable {

  static final int META_BYTES = 16;
  static final int PARTITION = 0;
  static final int KEY_START = 1;
  static final int KEY_LENGTH = 2;
  static final int VALUE_LENGTH = 3;

  private static final int META_INTS = META_BYTES / 4;
  /** Thread-safe (stateless: all its state is in the arguments of each call). */
  private static final QuickSort SORTER = new QuickSort();

  /**
   * The map output ring, shared with the collector: this spill's region of it is owned by the
   * thread that sorts and writes the spill (MapOutputBuffer's hand-off under its lock), the rest by
   * the collector. Sorting swaps metadata entries inside that region only.
   */
  private final byte[] kvbuffer;
  /** A view of {@link #kvbuffer}; same ownership. */
  private final IntBuffer kvmeta;
  /** Int index of the equator in kvmeta; entry i starts META_INTS * (i + 1) ints below it. */
  private final int equatorInt;
  private final int capacityInts;
  private final int count;
  /** Confined to the thread that sorts (set by {@link #sort}, used by its comparisons). */
  private RawComparator<?> comparator;

  CollectedRecords(byte[] kvbuffer, IntBuffer kvmeta, long equator, int count) {
    this.kvbuffer = kvbuffer;
    this.kvmeta = kvmeta;
    this.capacityInts = kvbuffer.length / 4;
    this.equatorInt = (int) Math.floorMod(equator, (long) kvbuffer.length) / 4;
    this.count = count;
  }

  int count() {
    return count;
  }

  /** Int index in kvmeta of entry i's first field; called for every comparison, so no division. */
  private int meta(int i) {
    int index = equatorInt - META_INTS * (i + 1);
    // The entries never span more than the ring, so one lap back is all it can take.
    return index >= 0 ? index : index + capacityInts;
  }

  int partition(int i) {
    return kvmeta.get(meta(i) + PARTITION);
  }

  int keyStart(int i) {
    return kvmeta.get(meta(i) + KEY_START);
  }

  int keyLength(int i) {
    return kvmeta.get(meta(i) + KEY_LENGTH);
  }

  int valueLength(int i) {
    return kvmeta.get(meta(i) + VALUE_LENGTH);
  }

  byte[] buffer() {
    return kvbuffer;
  }

  /** Orders the entries by partition, then by key with {@code keyComparator}. */
  void sort(RawComparator<?> keyComparator) {
    this.comparator = keyComparator;
    KeyPrefix prefix = KeyPrefix.of(keyComparator);
    if (prefix == null || count < 2) {
      SORTER.sort(this, 0, count);
      return;
    }
    sortByPrefix(prefix);
  }

  /**
   * Sorts record numbers by (partition, key prefix) in two plain arrays, reading key bytes
   * only where prefixes tie, then lays the metadata entries out in that order.
   */
  private void sortByPrefix(KeyPrefix prefix) {
    long[] keys = new long[count];
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      int m = meta(i);
      int start = kvmeta.get(m + KEY_START);
      // Partitions are non-negative ints: as a long, partition then unsigned prefix.
      keys[i] = (long) kvmeta.get(m + PARTITION) << 32
          | (prefix.of(kvbuffer, start, kvmeta.get(m + KEY_LENGTH)) & 0xffffffffL);
      order[i] = i;
    }
    SORTER.sort(new IndexedSortable() {
      @Override
      public int compare(int i, int j) {
        int c = Long.compare(keys[i], keys[j]);
        return c != 0 ? c : CollectedRecords.this.compare(order[i], order[j]);
      }

      @Override
      public void swap(int i, int j) {
        long k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        int o = order[i];
        order[i] = order[j];
        order[j] = o;
      }
    }, 0, count);
    int[] sorted = new int[count * META_INTS];
    for (int k = 0; k < count; k++) {
      int m = meta(order[k]);
      for (int f = 0; f < META_INTS; f++) {
        sorted[k * META_INTS + f] = kvmeta.get(m + f);
      }
    }
    for (int k = 0; k < count; k++) {
      int m = meta(k);
      for (int f = 0; f < META_INTS; f++) {
        kvmeta.put(m + f, sorted[k * META_INTS + f]);
      }
    }
  }

  @Override
  public int compare(int i, int j) {
    int mi = meta(i);
    int mj = meta(j);
    int byPartition = Integer.compare(kvmeta.get(mi + PARTITION), kvmeta.get(mj + PARTITION));
    if (byPartition != 0) {
      return byPartition;
    }
    return comparator.compare(kvbuffer, kvmeta.get(mi + KEY_START), kvmeta.get(mi + KEY_LENGTH),
        kvbuffer, kvmeta.get(mj + KEY_START), kvmeta.get(mj + KEY_LENGTH));
  }

  @Override
  public void swap(int i, int j) {
    int mi = meta(i);
    int mj = meta(j);
    for (int f = 0; f < 4; f++) {
      int t = kvmeta.get(mi + f);
      kvmeta.put(mi + f, kvmeta.get(mj + f));
      kvmeta.put(mj + f, t);
    }
  }

  /** The entries [from, to) as records, for a combiner. */
  RawKeyValueIterator iterator(int from, int to) {
    return new RawKeyValueIterator() {
      private final DataInputBuffer key = new DataInputBuffer();
      private final DataInputBuffer value = new DataInputBuffer();
      private int next = from;

      @Override
      public boolean next() {
        if (next >= to) {
          return false;
        }
        int m = meta(next++);
        int start = kvmeta.get(m + KEY_START);
        int keyLength = kvmeta.get(m + KEY_LENGTH);
        key.reset(kvbuffer, start, keyLength);
        value.reset(kvbuffer, start + keyLength, kvmeta.get(m + VALUE_LENGTH));
        return true;
      }

      @Override
      public DataInputBuffer getKey() {
        return key;
      }

      @Override
      public DataInputBuffer getValue() {
        return value;
      }

      @Override
      public void close() {
      }
    };
  }
}
