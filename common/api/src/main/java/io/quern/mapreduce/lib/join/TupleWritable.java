package io.quern.mapreduce.lib.join;

import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableUtils;
import io.quern.util.ReflectionUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One row of a join: position {@code i} holds the value the {@code i}-th source has for the
 * key, or nothing when that source has none (an outer join's missing side). The values may be
 * of different classes, so each present one is written with its class name:
 * {@code vint size}, the present positions as a bitmap of vlongs (64 positions each), then for
 * each present position its class name and its bytes. Prints as Hadoop's does: {@code [a,,c]}.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's TupleWritable is).
 */
public class TupleWritable implements Writable, Iterable<Writable> {
  private Writable[] values;
  private final BitSet present = new BitSet();

  public TupleWritable() {
    this(new Writable[0]);
  }

  /** A tuple of these values; a null entry is an absent position. */
  public TupleWritable(Writable[] values) {
    this.values = values;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        present.set(i);
      }
    }
  }

  /** Whether the source at position {@code i} has a value. */
  public boolean has(int i) {
    return present.get(i);
  }

  /** The value at position {@code i}, or null when it has none. */
  public Writable get(int i) {
    if (i < 0 || i >= values.length) {
      throw new IndexOutOfBoundsException("position " + i + " of a tuple of " + values.length);
    }
    return present.get(i) ? values[i] : null;
  }

  /** The number of positions, present or not. */
  public int size() {
    return values.length;
  }

  /** The present values, in position order. */
  @Override
  public Iterator<Writable> iterator() {
    return new Iterator<>() {
      private int next = present.nextSetBit(0);

      @Override
      public boolean hasNext() {
        return next >= 0 && next < values.length;
      }

      @Override
      public Writable next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Writable w = values[next];
        next = present.nextSetBit(next + 1);
        return w;
      }
    };
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, values.length);
    long[] words = Arrays.copyOf(present.toLongArray(), (values.length + 63) / 64);
    for (long w : words) {
      WritableUtils.writeVLong(out, w);
    }
    for (int i = present.nextSetBit(0); i >= 0 && i < values.length; i = present.nextSetBit(i + 1)) {
      Text.writeString(out, values[i].getClass().getName());
      values[i].write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int size = WritableUtils.readVInt(in);
    if (size < 0) {
      throw new IOException("negative tuple size " + size);
    }
    if (size != values.length) {
      values = new Writable[size];
    }
    long[] words = new long[(size + 63) / 64];
    for (int i = 0; i < words.length; i++) {
      words[i] = WritableUtils.readVLong(in);
    }
    present.clear();
    present.or(BitSet.valueOf(words));
    if (present.length() > size) {
      throw new IOException("tuple of " + size + " marks position " + (present.length() - 1) + " present");
    }
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      String name = Text.readString(in);
      // Values of the previous record are reused when the class is the same, as Writables are.
      if (values[i] == null || !values[i].getClass().getName().equals(name)) {
        values[i] = newValue(name);
      }
      values[i].readFields(in);
    }
  }

  private static Writable newValue(String name) throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> c = Class.forName(name, true, loader != null ? loader : TupleWritable.class.getClassLoader());
      return (Writable) ReflectionUtils.newInstance(c);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("tuple value class " + name + " is not a Writable on the class path", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TupleWritable t) || t.values.length != values.length || !t.present.equals(present)) {
      return false;
    }
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      if (!values[i].equals(t.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = values.length;
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      h = 31 * h + i;
      h = 31 * h + values[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      if (present.get(i)) {
        b.append(values[i]);
      }
    }
    return b.append(']').toString();
  }
}
