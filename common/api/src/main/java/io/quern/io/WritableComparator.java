package io.quern.io;

import io.quern.util.ReflectionUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The comparator of a {@link WritableComparable} class, found through {@link #get}.
 *
 * <p>Key classes register a fast byte-level comparator with {@link #define} in their static
 * initializer. Without one, {@link #get} returns an instance of this class, which
 * deserializes both keys and calls {@code compareTo}: correct but slow, and not thread-safe
 * (it reuses two key objects), which is why {@code get} hands out a new one each time.
 * Registered comparators are shared and must therefore be stateless.
 */
public class WritableComparator implements RawComparator<WritableComparable<?>> {

  /** Thread-safe (concurrent map): registered from static initializers of any thread, read by all. */
  private static final ConcurrentHashMap<Class<?>, WritableComparator> REGISTRY = new ConcurrentHashMap<>();

  private final Class<?> keyClass;
  private final WritableComparable<?> key1;
  private final WritableComparable<?> key2;
  /** Confined to the thread using this comparator (see the class comment), like its two keys. */
  private final DataInputBuffer buffer;

  /** For subclasses that compare bytes themselves and never deserialize. */
  protected WritableComparator(Class<?> keyClass) {
    this(keyClass, false);
  }

  protected WritableComparator(Class<?> keyClass, boolean createInstances) {
    this.keyClass = keyClass;
    if (createInstances) {
      key1 = newKey();
      key2 = newKey();
      buffer = new DataInputBuffer();
    } else {
      key1 = null;
      key2 = null;
      buffer = null;
    }
  }

  /** The registered comparator for {@code keyClass}, or a new deserializing one. */
  public static WritableComparator get(Class<?> keyClass) {
    WritableComparator comparator = REGISTRY.get(keyClass);
    if (comparator == null) {
      // The class registers itself when initialized, which may not have happened yet.
      forceInit(keyClass);
      comparator = REGISTRY.get(keyClass);
    }
    return comparator != null ? comparator : new WritableComparator(keyClass, true);
  }

  /** Registers the comparator that {@link #get} returns for {@code keyClass}. */
  public static void define(Class<?> keyClass, WritableComparator comparator) {
    REGISTRY.put(keyClass, comparator);
  }

  private static void forceInit(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("cannot initialize " + type.getName(), e);
    }
  }

  public Class<?> getKeyClass() {
    return keyClass;
  }

  public WritableComparable<?> newKey() {
    return (WritableComparable<?>) ReflectionUtils.newInstance(keyClass);
  }

  /** Deserializes both keys and compares them with {@link #compare(WritableComparable, WritableComparable)}. */
  @Override
  public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    if (buffer == null) {
      throw new UnsupportedOperationException(getClass().getName() + " does not deserialize keys");
    }
    try {
      buffer.reset(b1, s1, l1);
      key1.readFields(buffer);
      buffer.reset(b2, s2, l2);
      key2.readFields(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot deserialize a " + keyClass.getName() + " to compare it", e);
    }
    return compare(key1, key2);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compare(WritableComparable<?> a, WritableComparable<?> b) {
    return ((WritableComparable) a).compareTo(b);
  }

  /** Unsigned lexicographic order of two byte ranges; a proper prefix sorts first. */
  public static int compareBytes(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    return Arrays.compareUnsigned(b1, s1, s1 + l1, b2, s2, s2 + l2);
  }

  /** The classic 31-based hash of a byte range, the hash {@code Text} and {@code BytesWritable} use. */
  public static int hashBytes(byte[] bytes, int offset, int length) {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    return hash;
  }

  public static int hashBytes(byte[] bytes, int length) {
    return hashBytes(bytes, 0, length);
  }

  public static int readUnsignedShort(byte[] bytes, int start) {
    return ((bytes[start] & 0xff) << 8) | (bytes[start + 1] & 0xff);
  }

  /** A big-endian int, the way {@link java.io.DataOutput#writeInt} wrote it. */
  public static int readInt(byte[] bytes, int start) {
    return ((bytes[start] & 0xff) << 24) | ((bytes[start + 1] & 0xff) << 16)
        | ((bytes[start + 2] & 0xff) << 8) | (bytes[start + 3] & 0xff);
  }

  public static float readFloat(byte[] bytes, int start) {
    return Float.intBitsToFloat(readInt(bytes, start));
  }

  public static long readLong(byte[] bytes, int start) {
    return ((long) readInt(bytes, start) << 32) | (readInt(bytes, start + 4) & 0xffffffffL);
  }

  public static double readDouble(byte[] bytes, int start) {
    return Double.longBitsToDouble(readLong(bytes, start));
  }

  /** Decodes a {@link WritableUtils#writeVLong} value from a byte array. */
  public static long readVLong(byte[] bytes, int start) throws IOException {
    int size = WritableUtils.decodeVIntSize(bytes[start]);
    if (size == 1) {
      return bytes[start];
    }
    if (start + size > bytes.length) {
      throw new IOException("variable-length integer at " + start + " runs past the end of the array");
    }
    long magnitude = 0;
    for (int i = 1; i < size; i++) {
      magnitude = (magnitude << 8) | (bytes[start + i] & 0xff);
    }
    return WritableUtils.isNegativeVInt(bytes[start]) ? ~magnitude : magnitude;
  }

  public static int readVInt(byte[] bytes, int start) throws IOException {
    long value = readVLong(bytes, start);
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new IOException("variable-length integer " + value + " does not fit in an int");
    }
    return (int) value;
  }
}
