package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A boolean serialized as one byte; false sorts before true.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's BooleanWritable is).
 */
public class BooleanWritable implements WritableComparable<BooleanWritable> {

  static {
    WritableComparator.define(BooleanWritable.class, new Comparator());
  }

  private boolean value;

  public BooleanWritable() {
  }

  public BooleanWritable(boolean value) {
    this.value = value;
  }

  public void set(boolean value) {
    this.value = value;
  }

  public boolean get() {
    return value;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = in.readBoolean();
  }

  @Override
  public int compareTo(BooleanWritable other) {
    return Boolean.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BooleanWritable other && value == other.value;
  }

  @Override
  public int hashCode() {
    return value ? 0 : 1;
  }

  @Override
  public String toString() {
    return Boolean.toString(value);
  }

  /** Compares the serialized bytes; any non-zero byte reads as true. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(BooleanWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Boolean.compare(b1[s1] != 0, b2[s2] != 0);
    }
  }
}
