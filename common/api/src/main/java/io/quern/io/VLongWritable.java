package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A long serialized as a zero-compressed vlong (1 to 9 bytes).
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's VLongWritable is).
 */
public class VLongWritable implements WritableComparable<VLongWritable> {

  static {
    WritableComparator.define(VLongWritable.class, new Comparator());
  }

  private long value;

  public VLongWritable() {
  }

  public VLongWritable(long value) {
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
    WritableUtils.writeVLong(out, value);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    value = WritableUtils.readVLong(in);
  }

  @Override
  public int compareTo(VLongWritable other) {
    return Long.compare(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VLongWritable other && value == other.value;
  }

  @Override
  public int hashCode() {
    return (int) value;
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }

  /** Decodes the two vints in place; no objects are created. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(VLongWritable.class);
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
