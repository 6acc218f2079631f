package io.quern.conf;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code *-default.xml} files of the class path, read once per JVM. */
final class Defaults {
  /** volatile: written once under the class's lock (double-checked), then read without one. */
  private static volatile Map<String, Configuration.Property> cached;

  private Defaults() {}

  static Map<String, Configuration.Property> properties() {
    Map<String, Configuration.Property> d = cached;
    if (d == null) {
      synchronized (Defaults.class) {
        if (cached == null) {
          cached = Collections.unmodifiableMap(load());
        }
        d = cached;
      }
    }
    return d;
  }

  private static Map<String, Configuration.Property> load() {
    Map<String, Configuration.Property> out = new LinkedHashMap<>();
    ClassLoader cl = Defaults.class.getClassLoader();
    for (String name : Configuration.DEFAULT_RESOURCES) {
      try {
        Enumeration<URL> urls = cl.getResources(name);
        while (urls.hasMoreElements()) {
          URL url = urls.nextElement();
          try (var in = url.openStream()) {
            for (Configuration.Property p : XmlConfigReader.read(in, name)) {
              out.put(p.name(), p);
            }
          }
        }
      } catch (java.io.IOException e) {
        throw new ConfigurationException("Cannot read " + name + " from the class path: " + e.getMessage(), e);
      }
    }
    return out;
  }

  static boolean isKnown(String key) {
    return properties().containsKey(key);
  }

  static String defaultValue(String key) {
    Configuration.Property p = properties().get(key);
    return p == null ? null : p.value();
  }

  /** The file that declares {@code key}, or null. */
  static String sourceOf(String key) {
    Configuration.Property p = properties().get(key);
    return p == null ? null : p.source();
  }

  /** The known key closest to {@code key} by edit distance, if close enough to be a typo. */
  static String nearestKnown(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : properties().keySet()) {
      int d = editDistance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best != null && bestDistance <= Math.max(3, key.length() / 4) ? best : null;
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
