package io.quern.protocol;

import java.util.Objects;

/** Argument checks for the canonical constructors of the protocol records (also run on deserialization). */
public final class Checks {
  private Checks() {}

  public static void nonNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }
  }

  /** A block id, or -1 for none. */
  public static void idOrNone(long v, String name) {
    if (v < -1) {
      throw new IllegalArgumentException(name + " must be -1 or a block id, got " + v);
    }
  }

  /** Data with one checksum per (last partial) chunk of {@code bytesPerChecksum} bytes. */
  public static void chunks(byte[] data, long[] checksums, int bytesPerChecksum) {
    Objects.requireNonNull(data, "data must not be null");
    Objects.requireNonNull(checksums, "checksums must not be null");
    if (bytesPerChecksum <= 0) {
      throw new IllegalArgumentException("bytesPerChecksum must be positive, got " + bytesPerChecksum);
    }
    long expected = (data.length + (long) bytesPerChecksum - 1) / bytesPerChecksum;
    if (checksums.length != expected) {
      throw new IllegalArgumentException(checksums.length + " checksums for " + data.length + " bytes in chunks of "
          + bytesPerChecksum + " (expected " + expected + ")");
    }
  }

  public static String nonNull(String s, String name) {
    return Objects.requireNonNull(s, name + " must not be null");
  }
}
