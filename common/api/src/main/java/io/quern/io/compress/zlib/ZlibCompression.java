package io.quern.io.compress.zlib;

import io.quern.conf.Configuration;
import java.util.Locale;
import java.util.zip.Deflater;

/** The zlib compression level a configuration asks for ({@value #LEVEL_KEY}), as Hadoop's ZlibFactory reads it. */
public final class ZlibCompression {

  public static final String LEVEL_KEY = "zlib.compress.level";

  /** Hadoop's level names, by level: NO_COMPRESSION is 0, BEST_COMPRESSION 9. */
  private static final String[] NAMES = {
      "NO_COMPRESSION", "BEST_SPEED", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "BEST_COMPRESSION"};

  private ZlibCompression() {
  }

  /**
   * The level {@value #LEVEL_KEY} of {@code conf} names (Hadoop's names such as BEST_SPEED, or
   * 0 to 9); {@link Deflater#DEFAULT_COMPRESSION} when unset or {@code conf} is null.
   */
  public static int level(Configuration conf) {
    String set = conf == null ? null : conf.getTrimmed(LEVEL_KEY);
    if (set == null || set.isEmpty()) {
      return Deflater.DEFAULT_COMPRESSION;
    }
    String name = set.toUpperCase(Locale.ROOT);
    if (name.equals("DEFAULT_COMPRESSION") || name.equals("-1")) {
      return Deflater.DEFAULT_COMPRESSION;
    }
    for (int level = 0; level < NAMES.length; level++) {
      if (NAMES[level].equals(name) || Integer.toString(level).equals(name)) {
        return level;
      }
    }
    throw new IllegalArgumentException(LEVEL_KEY + " is '" + set
        + "'; it must be 0 to 9 or one of DEFAULT_COMPRESSION, NO_COMPRESSION, BEST_SPEED, BEST_COMPRESSION.");
  }
}
