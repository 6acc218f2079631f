package io.quern.conf;

import io.quern.net.HostPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How {@link Configuration}'s typed getters read a property's text (set, trimmed, not blank):
 * integers as Java decodes them ({@code 0x10} is 16), sizes and durations with their units,
 * {@code host:port} pairs, classes through the configuration's class loader. A value that does
 * not parse fails with {@link Configuration#bad}'s one sentence naming the key, the value and
 * where it came from.
 */
final class TypedValues {
  private TypedValues() {}

  static int toInt(Configuration conf, String name, String v) {
    try {
      return Integer.decode(v);
    } catch (NumberFormatException e) {
      throw conf.bad(name, v, "an integer");
    }
  }

  static long toLong(Configuration conf, String name, String v) {
    try {
      return Long.decode(v);
    } catch (NumberFormatException e) {
      throw conf.bad(name, v, "an integer");
    }
  }

  static float toFloat(Configuration conf, String name, String v) {
    try {
      return Float.parseFloat(v);
    } catch (NumberFormatException e) {
      throw conf.bad(name, v, "a number");
    }
  }

  static double toDouble(Configuration conf, String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw conf.bad(name, v, "a number");
    }
  }

  static boolean toBoolean(Configuration conf, String name, String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw conf.bad(name, v, "true or false");
  }

  static long toSize(Configuration conf, String name, String v) {
    long parsed = Units.parseSize(v);
    if (parsed < 0) {
      throw conf.bad(name, v, "a size such as 4096, 512k, 64m or 1g");
    }
    return parsed;
  }

  static long toDuration(Configuration conf, String name, String v, TimeUnit unit) {
    long nanos = Units.parseDurationNanos(v, unit);
    if (nanos < 0) {
      throw conf.bad(name, v, "a duration such as 500ms, 30s, 10m or 1h");
    }
    return unit.convert(nanos, TimeUnit.NANOSECONDS);
  }

  static HostPort toHostPort(Configuration conf, String name, String v) {
    try {
      return HostPort.parse(v);
    } catch (IllegalArgumentException e) {
      throw conf.bad(name, v, "host:port with a port between 0 and 65535");
    }
  }

  static <U> Class<? extends U> toClass(Configuration conf, String name, String v, Class<U> xface) {
    Class<?> cls;
    try {
      cls = conf.getClassByName(v);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigurationException("Class " + v + " named by " + name + conf.describeSource(name)
          + " cannot be found on the class path");
    }
    if (!xface.isAssignableFrom(cls)) {
      throw new ConfigurationException("Class " + v + " named by " + name + conf.describeSource(name)
          + " does not implement " + xface.getName());
    }
    return cls.asSubclass(xface);
  }

  /** Comma-separated values, trimmed, empty ones dropped. */
  static List<String> split(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      String t = s.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
