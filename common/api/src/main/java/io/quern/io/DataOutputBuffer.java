package io.quern.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A {@link java.io.DataOutput} into a growable byte array that can be reset and reused,
 * so that serializing one record after another allocates nothing once the array is big enough.
 */
public class DataOutputBuffer extends DataOutputStream {

  /** Exposes the protected array and count of {@link ByteArrayOutputStream}. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] data() {
      return buf;
    }

    int length() {
      return count;
    }

    void readFrom(DataInput in, int length) throws IOException {
      int newCount = count + length;
      if (newCount > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length << 1, newCount));
      }
      in.readFully(buf, count, length);
      count = newCount;
    }
  }

  private final Buffer buffer;

  public DataOutputBuffer() {
    this(32);
  }

  public DataOutputBuffer(int initialSize) {
    this(new Buffer(initialSize));
  }

  private DataOutputBuffer(Buffer buffer) {
    super(buffer);
    this.buffer = buffer;
  }

  /** The backing array; only the first {@link #getLength()} bytes are valid. */
  public byte[] getData() {
    return buffer.data();
  }

  public int getLength() {
    return buffer.length();
  }

  /** Empties the buffer, keeping its array. */
  public DataOutputBuffer reset() {
    written = 0;
    buffer.reset();
    return this;
  }

  /** Appends {@code length} bytes read from {@code in}. */
  public void write(DataInput in, int length) throws IOException {
    buffer.readFrom(in, length);
    written += length;
  }
}
