package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Hadoop's zero-compressed variable-length integers, and a few helpers built on them.
 *
 * <p>A value in [-112, 127] is one byte holding the value itself. Anything else is a
 * first byte that says how many big-endian bytes follow (1 to 8) and whether the value
 * was bit-inverted (negative values are stored as their one's complement, so small
 * negative numbers stay short): -113..-120 mean 1..8 bytes of a non-negative value,
 * -121..-128 mean 1..8 bytes of an inverted negative one.
 */
public final class WritableUtils {

  /** Lengths above this are read in steps, so that a corrupt length cannot allocate gigabytes up front. */
  private static final int READ_STEP = 1 << 20;

  private WritableUtils() {
  }

  public static void writeVInt(DataOutput out, int value) throws IOException {
    writeVLong(out, value);
  }

  public static void writeVLong(DataOutput out, long value) throws IOException {
    if (value >= -112 && value <= 127) {
      out.writeByte((int) value);
      return;
    }
    boolean negative = value < 0;
    long magnitude = negative ? ~value : value;
    int byteCount = (64 - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    out.writeByte((negative ? -120 : -112) - byteCount);
    for (int shift = (byteCount - 1) * 8; shift >= 0; shift -= 8) {
      out.writeByte((int) (magnitude >>> shift));
    }
  }

  /**
   * Encodes {@code value} like {@link #writeVLong(DataOutput, long)} into {@code dest} at
   * {@code offset}, which needs room for up to 9 bytes; returns the number of bytes written.
   */
  public static int encodeVLong(long value, byte[] dest, int offset) {
    if (value >= -112 && value <= 127) {
      dest[offset] = (byte) value;
      return 1;
    }
    boolean negative = value < 0;
    long magnitude = negative ? ~value : value;
    int byteCount = (64 - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    dest[offset] = (byte) ((negative ? -120 : -112) - byteCount);
    for (int i = 1; i <= byteCount; i++) {
      dest[offset + i] = (byte) (magnitude >>> ((byteCount - i) * 8));
    }
    return byteCount + 1;
  }

  public static long readVLong(DataInput in) throws IOException {
    byte first = in.readByte();
    int size = decodeVIntSize(first);
    if (size == 1) {
      return first;
    }
    long magnitude = 0;
    for (int i = 1; i < size; i++) {
      magnitude = (magnitude << 8) | (in.readByte() & 0xff);
    }
    return isNegativeVInt(first) ? ~magnitude : magnitude;
  }

  public static int readVInt(DataInput in) throws IOException {
    long value = readVLong(in);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new IOException("variable-length integer " + value + " does not fit in an int");
    }
    return (int) value;
  }

  /** The total encoded size, first byte included, of the vint whose first byte is {@code first}. */
  public static int decodeVIntSize(byte first) {
    if (first >= -112) {
      return 1;
    }
    if (first < -120) {
      return -119 - first;
    }
    return -111 - first;
  }

  /** Whether the vint starting with {@code first} encodes a negative number. */
  public static boolean isNegativeVInt(byte first) {
    return first < -120 || (first >= -112 && first < 0);
  }

  /** How many bytes {@link #writeVLong} uses for {@code value}. */
  public static int getVIntSize(long value) {
    if (value >= -112 && value <= 127) {
      return 1;
    }
    long magnitude = value < 0 ? ~value : value;
    return (64 - Long.numberOfLeadingZeros(magnitude) + 7) / 8 + 1;
  }

  /** Writes a string as a 4-byte length (-1 for null) and its UTF-8 bytes. */
  public static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  public static String readString(DataInput in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0) {
      throw new IOException("negative string length " + length);
    }
    return new String(readBytes(in, null, length), 0, length, StandardCharsets.UTF_8);
  }

  /**
   * Reads exactly {@code length} bytes into {@code reuse} when it is big enough, otherwise
   * into a new array which is returned. Large lengths grow the array as bytes actually
   * arrive, so a garbage length ends in an {@link EOFException}, not an OutOfMemoryError.
   */
  public static byte[] readBytes(DataInput in, byte[] reuse, int length) throws IOException {
    if (length < 0) {
      throw new IOException("negative length " + length);
    }
    if (reuse != null && reuse.length >= length) {
      in.readFully(reuse, 0, length);
      return reuse;
    }
    byte[] buf = new byte[Math.min(length, READ_STEP)];
    int filled = 0;
    while (filled < length) {
      if (filled == buf.length) {
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
      }
      int step = buf.length - filled;
      in.readFully(buf, filled, step);
      filled += step;
    }
    return buf;
  }

  /** Skips exactly {@code length} bytes or fails with an {@link EOFException}. */
  public static void skipFully(DataInput in, int length) throws IOException {
    int left = length;
    while (left > 0) {
      int skipped = in.skipBytes(left);
      if (skipped <= 0) {
        throw new EOFException("could not skip " + left + " more bytes");
      }
      left -= skipped;
    }
  }

  /**
   * A deep copy of {@code orig}, made by writing it and reading the bytes into a new instance
   * of its class (given {@code conf} if it is configurable): for code that must keep a value
   * the framework will overwrite, such as a reducer holding the values of a key.
   */
  public static <T extends Writable> T clone(T orig, io.quern.conf.Configuration conf) {
    try {
      DataOutputBuffer out = new DataOutputBuffer();
      orig.write(out);
      @SuppressWarnings("unchecked")
      T copy = (T) io.quern.util.ReflectionUtils.newInstance(orig.getClass(), conf);
      DataInputBuffer in = new DataInputBuffer();
      in.reset(out.getData(), out.getLength());
      copy.readFields(in);
      return copy;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot copy a " + orig.getClass().getName() + ": " + e.getMessage(), e);
    }
  }
}
