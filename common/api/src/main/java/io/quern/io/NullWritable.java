package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;

/** A placeholder key or value that serializes to nothing; use the singleton {@link #get()}. */
public final class NullWritable implements WritableComparable<NullWritable> {

  private static final NullWritable INSTANCE = new NullWritable();

  static {
    WritableComparator.define(NullWritable.class, new Comparator());
  }

  private NullWritable() {
  }

  public static NullWritable get() {
    return INSTANCE;
  }

  @Override
  public void write(DataOutput out) {
  }

  @Override
  public void readFields(DataInput in) {
  }

  @Override
  public int compareTo(NullWritable other) {
    return 0;
  }

  /** Any NullWritable equals any other, including ones made by reflection. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NullWritable;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "(null)";
  }

  /** All nulls are equal. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(NullWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return 0;
    }
  }
}
