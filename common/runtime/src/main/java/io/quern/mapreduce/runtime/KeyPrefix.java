package io.quern.mapreduce.runtime;

import io.quern.io.BytesWritable;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.RawComparator;
import io.quern.io.Text;
import io.quern.io.WritableUtils;

/**
 * The first bits of a serialized key as an int that, compared unsigned, orders keys as their
 * comparator does: a smaller prefix means a smaller key, equal prefixes say nothing. A spill
 * sorts these in an array beside the record numbers and reads key bytes only on a tie;
 * comparing through the sort buffer's metadata read both keys from random places in it, and
 * that took a third of a terasort map's CPU. Known only for the comparators Hadoop's types
 * register (the exact classes, so a subclass that reverses the order is not mistaken for one).
 */
abstract class KeyPrefix {
  /** The prefix of the key serialized at {@code b[start, start + length)}. */
  abstract int of(byte[] b, int start, int length);

  /** The prefix for keys ordered by {@code comparator}, or null when none is known. */
  static KeyPrefix of(RawComparator<?> comparator) {
    if (comparator == null) {
      return null;
    }
    Class<?> c = comparator.getClass();
    if (c == Text.Comparator.class) {
      return TEXT;
    }
    if (c == BytesWritable.Comparator.class) {
      return BYTES;
    }
    if (c == IntWritable.Comparator.class || c == LongWritable.Comparator.class) {
      return SIGNED;
    }
    return null;
  }

  /** Up to four bytes from {@code from} big-endian, zero-padded: zero sorts first, as a shorter key does. */
  static int firstBytes(byte[] b, int from, int end) {
    int p = 0;
    for (int i = 0; i < 4; i++) {
      p = (p << 8) | (from + i < end ? b[from + i] & 0xff : 0);
    }
    return p;
  }

  /** Text: bytes after the vint length, compared unsigned then by length. */
  private static final KeyPrefix TEXT = new KeyPrefix() {
    @Override
    int of(byte[] b, int start, int length) {
      return firstBytes(b, start + WritableUtils.decodeVIntSize(b[start]), start + length);
    }
  };

  /** BytesWritable: bytes after the four-byte length, compared as Text's. */
  private static final KeyPrefix BYTES = new KeyPrefix() {
    @Override
    int of(byte[] b, int start, int length) {
      return firstBytes(b, start + 4, start + length);
    }
  };

  /**
   * IntWritable and LongWritable (big-endian, signed): the first four bytes, the int or the
   * long's high half, with the sign bit flipped order unsigned as the numbers do.
   */
  private static final KeyPrefix SIGNED = new KeyPrefix() {
    @Override
    int of(byte[] b, int start, int length) {
      return firstBytes(b, start, start + 4) ^ Integer.MIN_VALUE;
    }
  };
}
