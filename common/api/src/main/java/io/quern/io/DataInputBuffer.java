package io.quern.io;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;

/**
 * A {@link java.io.DataInput} over a region of a byte array that can be pointed at another
 * region without allocating, which is how raw keys and values are handed around.
 */
public class DataInputBuffer extends DataInputStream {

  /** Exposes and resets the protected fields of {@link ByteArrayInputStream}. */
  private static final class Buffer extends ByteArrayInputStream {
    Buffer() {
      super(new byte[0]);
    }

    void reset(byte[] data, int start, int length) {
      this.buf = data;
      this.pos = start;
      this.mark = start;
      this.count = start + length;
    }

    byte[] data() {
      return buf;
    }

    int position() {
      return pos;
    }

    int end() {
      return count;
    }
  }

  private final Buffer buffer;

  public DataInputBuffer() {
    this(new Buffer());
  }

  private DataInputBuffer(Buffer buffer) {
    super(buffer);
    this.buffer = buffer;
  }

  public void reset(byte[] data, int length) {
    buffer.reset(data, 0, length);
  }

  public void reset(byte[] data, int start, int length) {
    buffer.reset(data, start, length);
  }

  public byte[] getData() {
    return buffer.data();
  }

  /** The offset in {@link #getData()} of the next byte to read. */
  public int getPosition() {
    return buffer.position();
  }

  /** The offset in {@link #getData()} just past the last readable byte (not a count), as in Hadoop. */
  public int getLength() {
    return buffer.end();
  }

  /** How many bytes are left to read. */
  public int remaining() {
    return buffer.end() - buffer.position();
  }
}
