package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mutable byte sequence serialized as a 4-byte length and the bytes; ordered like unsigned bytes.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's BytesWritable is).
 */
public class BytesWritable implements WritableComparable<BytesWritable> {

  private static final byte[] EMPTY = new byte[0];

  static {
    WritableComparator.define(BytesWritable.class, new Comparator());
  }

  private byte[] bytes;
  private int size;

  public BytesWritable() {
    this(EMPTY);
  }

  /** Wraps {@code bytes} without copying. */
  public BytesWritable(byte[] bytes) {
    this(bytes, bytes.length);
  }

  public BytesWritable(byte[] bytes, int length) {
    this.bytes = bytes;
    this.size = length;
  }

  /** The backing array; only the first {@link #getLength()} bytes are valid. */
  public byte[] getBytes() {
    return bytes;
  }

  public int getLength() {
    return size;
  }

  public byte[] copyBytes() {
    return Arrays.copyOf(bytes, size);
  }

  /** Changes the length, keeping the existing bytes; growing exposes zeros or old data. */
  public void setSize(int newSize) {
    if (newSize > bytes.length) {
      setCapacity(Math.max(newSize, size + (size >> 1)));
    }
    size = newSize;
  }

  public int getCapacity() {
    return bytes.length;
  }

  public void setCapacity(int capacity) {
    if (capacity != bytes.length) {
      bytes = Arrays.copyOf(bytes, capacity);
      size = Math.min(size, capacity);
    }
  }

  public void set(BytesWritable other) {
    set(other.bytes, 0, other.size);
  }

  public void set(byte[] data, int offset, int length) {
    size = 0;
    setCapacity(Math.max(length, bytes.length));
    System.arraycopy(data, offset, bytes, 0, length);
    size = length;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(size);
    out.write(bytes, 0, size);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("negative BytesWritable length " + length);
    }
    bytes = WritableUtils.readBytes(in, bytes, length);
    size = length;
  }

  @Override
  public int compareTo(BytesWritable other) {
    return WritableComparator.compareBytes(bytes, 0, size, other.bytes, 0, other.size);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BytesWritable other && Arrays.equals(bytes, 0, size, other.bytes, 0, other.size);
  }

  @Override
  public int hashCode() {
    return WritableComparator.hashBytes(bytes, size);
  }

  /** Hex bytes separated by spaces, as Hadoop prints them. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(3 * size);
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /** Compares the bytes after each 4-byte length. */
  public static class Comparator extends WritableComparator {
    public Comparator() {
      super(BytesWritable.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return compareBytes(b1, s1 + 4, l1 - 4, b2, s2 + 4, l2 - 4);
    }
  }
}
