package io.quern.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small reader of Prometheus' text exposition format, for tests: every sample line is {@code
 * name{labels} value}, and every sample belongs to a family declared by a {@code # TYPE} line
 * before it (a histogram's {@code _bucket}, {@code _count} and {@code _sum} and a counter's
 * {@code _total} belong to their family).
 */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
          + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped|info|stateset)");

  /** Sample key ({@code name{labels}} as written) to value. */
  public final Map<String, Double> samples = new HashMap<>();
  public final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  public static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    Set<String> families = new HashSet<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher t = TYPE.matcher(line);
        if (t.matches()) {
          families.add(t.group(1));
          p.types.put(t.group(1), t.group(2));
        } else if (!line.startsWith("# HELP ")) {
          fail("line " + n + " is neither # TYPE nor # HELP: " + line);
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        fail("line " + n + " is not name{labels} value: " + line);
      }
      String name = m.group(1);
      assertTrue(families.contains(name) || families.contains(strip(name)),
          "line " + n + ": sample " + name + " has no # TYPE line before it");
      String v = m.group(3);
      p.samples.put(name + (m.group(2) == null ? "" : m.group(2)), v.equals("+Inf") ? Double.POSITIVE_INFINITY
          : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
    }
    return p;
  }

  private static String strip(String name) {
    for (String suffix : new String[] {"_total", "_bucket", "_count", "_sum", "_created", "_info"}) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /** The value of the one sample whose name is {@code name} and whose labels include each of {@code labels}. */
  public double value(String name, String... labels) {
    Double found = null;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String key = e.getKey();
      if (!key.equals(name) && !key.startsWith(name + "{")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= key.contains(l);
      }
      if (all) {
        if (found != null) {
          fail("more than one sample " + name + " with " + String.join(",", labels));
        }
        found = e.getValue();
      }
    }
    if (found == null) {
      fail("no sample " + name + " with " + String.join(",", labels) + " in " + samples.keySet());
    }
    return found;
  }
}
