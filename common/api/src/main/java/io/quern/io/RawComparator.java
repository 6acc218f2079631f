package io.quern.io;

import java.util.Comparator;

/**
 * A comparator that can order objects by looking at their serialized form, so that
 * the sort never has to deserialize a key.
 */
public interface RawComparator<T> extends Comparator<T> {

  /**
   * Compares the serialized object in {@code b1[s1, s1 + l1)} with the one in
   * {@code b2[s2, s2 + l2)}; the sign of the result means what {@link Comparator#compare} means.
   */
  int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2);
}
