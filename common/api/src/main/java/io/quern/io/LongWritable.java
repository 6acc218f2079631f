package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A long serialized as 8 big-endian bytes.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's LongWritable is).
 */
public class LongWritable implements WritableComparable<LongWritable> {

  static {
    WritableComparator.define(LongWritable.class, new Comparator());
  }

  private long value;

  public LongWritable() {
  }

  public LongWritable(long value) {
    this.value = value;
  }

  public void set(long value) {
    this.value = value;
  }

  public long get() {
    return value;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = in.readLong();
  }

  @Override
  public int compareTo(LongWritable other) {
    return Long.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongWritable other && value == other.value;
  }

  /** The low 32 bits, as in Hadoop, so that hash partitioning matches. */
  @Override
  public int hashCode() {
    return (int) value;
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }

  /** Compares the serialized longs without deserializing. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(LongWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Long.compare(readLong(b1, s1), readLong(b2, s2));
    }
  }

  /** Largest first: for jobs that want their output in descending order of a long key. */
  public static class DecreasingComparator extends Comparator {
    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return super.compare(b2, s2, l2, b1, s1, l1);
    }

    @Override
    public int compare(WritableComparable<?> a, WritableComparable<?> b) {
      return super.compare(b, a);
    }
  }
}
