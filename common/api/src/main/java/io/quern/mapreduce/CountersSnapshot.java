package io.quern.mapreduce;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counter values by group then name, as they travel between processes. */
public record CountersSnapshot(Map<String, Map<String, Long>> groups) implements Serializable {
  public static final CountersSnapshot EMPTY = new CountersSnapshot(Map.of());

  public CountersSnapshot {
    Map<String, Map<String, Long>> copy = new HashMap<>();
    groups.forEach((g, c) -> copy.put(g, Map.copyOf(c)));
    groups = Map.copyOf(copy);
  }

  /** How many counters there are, in all groups. */
  public int size() {
    int n = 0;
    for (Map<String, Long> c : groups.values()) {
      n += c.size();
    }
    return n;
  }

  public long value(String group, String name) {
    return groups.getOrDefault(group, Map.of()).getOrDefault(name, 0L);
  }

  /** Sum of the two snapshots, counter by counter. */
  public CountersSnapshot plus(CountersSnapshot other) {
    Map<String, Map<String, Long>> sum = new TreeMap<>();
    for (CountersSnapshot s : new CountersSnapshot[] {this, other}) {
      s.groups.forEach((g, c) -> {
        Map<String, Long> into = sum.computeIfAbsent(g, k -> new TreeMap<>());
        c.forEach((n, v) -> into.merge(n, v, Long::sum));
      });
    }
    return new CountersSnapshot(sum);
  }
}
