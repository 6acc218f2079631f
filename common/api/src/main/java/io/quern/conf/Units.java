package io.quern.conf;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Parsing of human-written sizes and durations; -1 means "not parseable". */
final class Units {
  private Units() {}

  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ib")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      return -1;
    }
    long mult = switch (t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1;
    };
    String digits = mult == 1 ? t : t.substring(0, t.length() - 1).trim();
    try {
      double v = Double.parseDouble(digits);
      if (v < 0 || Double.isNaN(v) || v * mult > Long.MAX_VALUE) {
        return -1;
      }
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static long parseDurationNanos(String s, TimeUnit bareUnit) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      return -1;
    }
    double v;
    try {
      v = Double.parseDouble(t.substring(0, i));
    } catch (NumberFormatException e) {
      return -1;
    }
    String suffix = t.substring(i).trim();
    long unitNanos = switch (suffix) {
      case "" -> bareUnit.toNanos(1);
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s", "sec", "secs" -> 1_000_000_000L;
      case "m", "min", "mins" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      default -> -1;
    };
    if (unitNanos < 0) {
      return -1;
    }
    return (long) (v * unitNanos);
  }
}
