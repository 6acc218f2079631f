package io.quern.util;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** String helpers of Hadoop's {@code StringUtils} that jobs commonly use, with the same output formats. */
public final class StringUtils {
  public static final char COMMA = ',';
  public static final char ESCAPE_CHAR = '\\';

  private StringUtils() {}

  /** Lower case by English rules whatever the JVM's locale (a Turkish default maps "I" to a dotless i). */
  public static String toLowerCase(String str) {
    return str.toLowerCase(java.util.Locale.ENGLISH);
  }

  /** Upper case by English rules whatever the JVM's locale. */
  public static String toUpperCase(String str) {
    return str.toUpperCase(java.util.Locale.ENGLISH);
  }

  /** The exception and its stack trace, as {@code printStackTrace} prints them. */
  public static String stringifyException(Throwable e) {
    StringWriter s = new StringWriter();
    try (PrintWriter w = new PrintWriter(s)) {
      e.printStackTrace(w);
    }
    return s.toString();
  }

  public static String join(CharSequence separator, Iterable<?> parts) {
    StringBuilder b = new StringBuilder();
    Iterator<?> it = parts.iterator();
    while (it.hasNext()) {
      b.append(it.next());
      if (it.hasNext()) {
        b.append(separator);
      }
    }
    return b.toString();
  }

  public static String join(CharSequence separator, String[] parts) {
    return String.join(separator, parts);
  }

  /** Comma-joined, as configuration lists are written. */
  public static String arrayToString(String[] parts) {
    return String.join(",", parts);
  }

  /** Splits at unescaped commas; see {@link #split(String, char, char)}. */
  public static String[] split(String str) {
    return split(str, ESCAPE_CHAR, COMMA);
  }

  /**
   * Splits at each {@code separator} not preceded by {@code escapeChar}. The pieces keep their
   * escapes (undo them with {@link #unEscapeString}); trailing empty pieces are dropped, and
   * null gives null.
   */
  public static String[] split(String str, char escapeChar, char separator) {
    if (str == null) {
      return null;
    }
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    boolean escaped = false;
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (escaped) {
        piece.append(c);
        escaped = false;
      } else if (c == escapeChar) {
        piece.append(c);
        escaped = true;
      } else if (c == separator) {
        pieces.add(piece.toString());
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    pieces.add(piece.toString());
    int n = pieces.size();
    while (n > 0 && pieces.get(n - 1).isEmpty()) {
      n--;
    }
    return pieces.subList(0, n).toArray(new String[0]);
  }

  /** Escapes every comma and escape character with a backslash. */
  public static String escapeString(String str) {
    return escapeString(str, ESCAPE_CHAR, COMMA);
  }

  public static String escapeString(String str, char escapeChar, char charToEscape) {
    if (str == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(str.length());
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (c == escapeChar || c == charToEscape) {
        b.append(escapeChar);
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Undoes {@link #escapeString(String)}. */
  public static String unEscapeString(String str) {
    return unEscapeString(str, ESCAPE_CHAR, COMMA);
  }

  /**
   * Undoes {@link #escapeString(String, char, char)}.
   *
   * @throws IllegalArgumentException when an escape precedes anything else, or ends the string
   */
  public static String unEscapeString(String str, char escapeChar, char charToEscape) {
    if (str == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(str.length());
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (c != escapeChar) {
        b.append(c);
        continue;
      }
      if (i + 1 == str.length() || (str.charAt(i + 1) != escapeChar && str.charAt(i + 1) != charToEscape)) {
        throw new IllegalArgumentException("bad escape at index " + i + " of " + str);
      }
      b.append(str.charAt(++i));
    }
    return b.toString();
  }

  /** The comma-separated values, untrimmed; null for null or an empty string. */
  public static String[] getStrings(String str) {
    return str == null || str.isEmpty() ? null : str.split(",", -1);
  }

  /** {@code 1.5k}, {@code 12.0m}, {@code 2.3g} (powers of 1024), or the number itself with one decimal. */
  public static String humanReadableInt(long number) {
    long abs = Math.abs(number);
    double value = number;
    String suffix = "";
    if (abs >= 1L << 30) {
      value = number / (double) (1L << 30);
      suffix = "g";
    } else if (abs >= 1L << 20) {
      value = number / (double) (1L << 20);
      suffix = "m";
    } else if (abs >= 1L << 10) {
      value = number / (double) (1L << 10);
      suffix = "k";
    }
    return String.format(Locale.ROOT, "%.1f", value) + suffix;
  }

  /** {@code 1.50 MB}: a byte count with two decimals in the largest unit it reaches (powers of 1024). */
  public static String byteDesc(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
  }

  /** {@code 12.34%} for 0.1234 with two places. */
  public static String formatPercent(double fraction, int decimalPlaces) {
    return String.format(Locale.ROOT, "%." + decimalPlaces + "f%%", fraction * 100);
  }

  /** {@code 1hrs, 2mins, 3sec} for a duration in milliseconds; zero hours and minutes are left out. */
  public static String formatTime(long millis) {
    long hours = millis / 3_600_000;
    long rest = millis % 3_600_000;
    long minutes = rest / 60_000;
    long seconds = rest % 60_000 / 1000;
    StringBuilder b = new StringBuilder();
    if (hours != 0) {
      b.append(hours).append("hrs, ");
    }
    if (minutes != 0) {
      b.append(minutes).append("mins, ");
    }
    return b.append(seconds).append("sec").toString();
  }

  /** The host name without its domain ({@code node7} for {@code node7.rack2.example.com}); an IP address as is. */
  public static String simpleHostname(String fqdn) {
    if (fqdn == null || fqdn.indexOf(':') >= 0 || fqdn.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      return fqdn;
    }
    int dot = fqdn.indexOf('.');
    return dot < 0 ? fqdn : fqdn.substring(0, dot);
  }
}
