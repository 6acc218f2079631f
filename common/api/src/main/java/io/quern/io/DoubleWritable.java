package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A double serialized as its 8 IEEE-754 bytes; ordered like {@link Double#compare}.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's DoubleWritable is).
 */
public class DoubleWritable implements WritableComparable<DoubleWritable> {

  static {
    WritableComparator.define(DoubleWritable.class, new Comparator());
  }

  private double value;

  public DoubleWritable() {
  }

  public DoubleWritable(double value) {
    this.value = value;
  }

  public void set(double value) {
    this.value = value;
  }

  public double get() {
    return value;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeDouble(value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = in.readDouble();
  }

  @Override
  public int compareTo(DoubleWritable other) {
    return Double.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DoubleWritable other && Double.compare(value, other.value) == 0;
  }

  @Override
  public int hashCode() {
    return (int) Double.doubleToLongBits(value);
  }

  @Override
  public String toString() {
    return Double.toString(value);
  }

  /** Compares the serialized doubles without creating objects. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(DoubleWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Double.compare(readDouble(b1, s1), readDouble(b2, s2));
    }
  }
}
