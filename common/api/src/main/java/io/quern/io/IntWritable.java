package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An int serialized as 4 big-endian bytes.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's IntWritable is).
 */
public class IntWritable implements WritableComparable<IntWritable> {

  static {
    WritableComparator.define(IntWritable.class, new Comparator());
  }

  private int value;

  public IntWritable() {
  }

  public IntWritable(int value) {
    this.value = value;
  }

  public void set(int value) {
    this.value = value;
  }

  public int get() {
    return value;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = in.readInt();
  }

  @Override
  public int compareTo(IntWritable other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntWritable other && value == other.value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }

  /** Compares the serialized ints without deserializing. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(IntWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Integer.compare(readInt(b1, s1), readInt(b2, s2));
    }
  }
}
