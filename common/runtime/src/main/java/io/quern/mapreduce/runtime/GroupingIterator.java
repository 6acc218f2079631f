package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.RawComparator;
import io.quern.io.Writable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Presents a sorted record stream to a reducer as groups: each call to {@link #nextKey()}
 * starts a group of consecutive records whose keys the grouping comparator finds equal,
 * and {@link #getValues()} streams that group's values, one record at a time.
 *
 * <p>As in Hadoop, the key and value objects are reused, and the key is refilled from each
 * record as the values are iterated, so with a grouping comparator coarser than the sort
 * order (secondary sort) the reducer sees each value's full key. Values not consumed are
 * skipped by the next {@link #nextKey()}. Nothing is buffered but the previous raw key.
 */
public final class GroupingIterator<K extends Writable, V extends Writable> {

  // Confined to the reducing (or combining) thread, as is all state below: key and value are reused per record.
  private final RawKeyValueIterator in;
  private final RawComparator<?> groupComparator;
  private final K key;
  private final V value;
  private final DataInputBuffer fieldIn = new DataInputBuffer();
  private final DataOutputBuffer previousKey = new DataOutputBuffer();

  /** Whether {@code in} is on a record not yet handed out. */
  private boolean more;
  /** Whether that record belongs to the current group. */
  private boolean moreInGroup;
  // The record 'in' is on, captured before anyone can read from (and move) its buffers.
  private byte[] keyData;
  private int keyStart;
  private int keyLength;
  private byte[] valueData;
  private int valueStart;
  private int valueLength;

  private Iterator<V> groupValues;
  private long groups;
  private long records;

  /** {@code key} and {@code value} are the objects refilled from each record. */
  public GroupingIterator(RawKeyValueIterator in, RawComparator<?> groupComparator, K key, V value)
      throws IOException {
    this.in = in;
    this.groupComparator = groupComparator;
    this.key = key;
    this.value = value;
    advance();
  }

  /** Skips what is left of the current group and moves to the next; false when there is none. */
  public boolean nextKey() throws IOException {
    while (moreInGroup) {
      consume(false);
    }
    if (!more) {
      groupValues = null;
      return false;
    }
    moreInGroup = true;
    read(key, keyData, keyStart, keyLength);
    groups++;
    groupValues = new ValuesOfGroup();
    return true;
  }

  /** The key of the current record; it changes as the values are iterated. */
  public K getCurrentKey() {
    return key;
  }

  public V getCurrentValue() {
    return value;
  }

  /**
   * The current group's values, iterable once; each {@code next()} refills the key and
   * value objects and returns the value object. I/O errors surface as {@link UncheckedIOException}.
   */
  public Iterable<V> getValues() {
    if (groupValues == null) {
      throw new IllegalStateException("no current group: call nextKey() first");
    }
    Iterator<V> it = groupValues;
    return () -> it;
  }

  /** Groups started so far. */
  public long getGroupCount() {
    return groups;
  }

  /** Records passed so far, skipped ones included. */
  public long getRecordCount() {
    return records;
  }

  private final class ValuesOfGroup implements Iterator<V> {
    @Override
    public boolean hasNext() {
      return groupValues == this && moreInGroup;
    }

    @Override
    public V next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more values in this group");
      }
      try {
        consume(true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return value;
    }
  }

  /** Hands out the current record (deserialized if asked) and moves to the next one. */
  private void consume(boolean deserialize) throws IOException {
    if (deserialize) {
      read(key, keyData, keyStart, keyLength);
      read(value, valueData, valueStart, valueLength);
    }
    previousKey.reset();
    previousKey.write(keyData, keyStart, keyLength);
    records++;
    advance();
    moreInGroup = more && groupComparator.compare(previousKey.getData(), 0, previousKey.getLength(),
        keyData, keyStart, keyLength) == 0;
  }

  private void advance() throws IOException {
    more = in.next();
    if (more) {
      DataInputBuffer k = in.getKey();
      keyData = k.getData();
      keyStart = k.getPosition();
      keyLength = k.getLength() - keyStart;
      DataInputBuffer v = in.getValue();
      valueData = v.getData();
      valueStart = v.getPosition();
      valueLength = v.getLength() - valueStart;
    }
  }

  private void read(Writable target, byte[] data, int start, int length) throws IOException {
    fieldIn.reset(data, start, length);
    target.readFields(fieldIn);
  }
}
