package io.quern.protocol;

import java.util.Objects;

/** Argument checks for the canonical constructors of the protocol records (also run on deserialization). */
final class Checks {
  private Checks() {}

  static void nonNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }
  }

  /** A block id, or -1 for none. */
  static void idOrNone(long v, String name) {
    if (v < -1) {
      throw new IllegalArgumentException(name + " must be -1 or a block id, got " + v);
    }
  }

  static String nonNull(String s, String name) {
    return Objects.requireNonNull(s, name + " must not be null");
  }
}
