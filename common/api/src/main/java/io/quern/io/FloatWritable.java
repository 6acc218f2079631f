package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A float serialized as its 4 IEEE-754 bytes; ordered like {@link Float#compare}.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's FloatWritable is).
 */
public class FloatWritable implements WritableComparable<FloatWritable> {

  static {
    WritableComparator.define(FloatWritable.class, new Comparator());
  }

  private float value;

  public FloatWritable() {
  }

  public FloatWritable(float value) {
    this.value = value;
  }

  public void set(float value) {
    this.value = value;
  }

  public float get() {
    return value;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeFloat(value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = in.readFloat();
  }

  @Override
  public int compareTo(FloatWritable other) {
    return Float.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatWritable other && Float.compare(value, other.value) == 0;
  }

  @Override
  public int hashCode() {
    return Float.floatToIntBits(value);
  }

  @Override
  public String toString() {
    return Float.toString(value);
  }

  /** Compares the serialized floats without creating objects. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(FloatWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Float.compare(readFloat(b1, s1), readFloat(b2, s2));
    }
  }
}
