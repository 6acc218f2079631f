package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An int serialized as a zero-compressed vint (1 to 5 bytes).
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's VIntWritable is).
 */
public class VIntWritable implements WritableComparable<VIntWritable> {

  static {
    WritableComparator.define(VIntWritable.class, new Comparator());
  }

  private int value;

  public VIntWritable() {
  }

  public VIntWritable(int value) {
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
    WritableUtils.writeVInt(out, value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = WritableUtils.readVInt(in);
  }

  @Override
  public int compareTo(VIntWritable other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VIntWritable other && value == other.value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }

  /** Decodes the two vints in place; no objects are created. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(VIntWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      try {
        return Long.compare(readVLong(b1, s1), readVLong(b2, s2));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
