package io.quern.mapreduce;

import io.quern.mapreduce.CountersSnapshot;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Counter groups of a task or job; an enum's group is its class name. */
public class Counters implements Iterable<CounterGroup> {
  /** Thread-safe (concurrent sorted map): tasks count from several threads. */
  private final Map<String, CounterGroup> groups = new ConcurrentSkipListMap<>();

  public Counters() {}

  public static Counters fromSnapshot(CountersSnapshot s) {
    Counters c = new Counters();
    s.groups().forEach((g, m) -> m.forEach((n, v) -> c.findCounter(g, n).setValue(v)));
    return c;
  }

  public Counter findCounter(Enum<?> key) {
    return findCounter(key.getDeclaringClass().getName(), key.name());
  }

  public Counter findCounter(String group, String name) {
    return getGroup(group).findCounter(name);
  }

  public CounterGroup getGroup(String group) {
    return groups.computeIfAbsent(group, CounterGroup::new);
  }

  public Iterable<String> getGroupNames() {
    return groups.keySet();
  }

  public int countCounters() {
    int n = 0;
    for (CounterGroup g : groups.values()) {
      n += g.size();
    }
    return n;
  }

  /** Adds every counter of {@code other} into this. */
  public void incrAllCounters(Counters other) {
    for (CounterGroup g : other) {
      for (Counter c : g) {
        findCounter(g.getName(), c.getName()).increment(c.getValue());
      }
    }
  }

  public CountersSnapshot snapshot() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (CounterGroup g : groups.values()) {
      Map<String, Long> m = new TreeMap<>();
      for (Counter c : g) {
        m.put(c.getName(), c.getValue());
      }
      out.put(g.getName(), m);
    }
    return new CountersSnapshot(out);
  }

  @Override
  public Iterator<CounterGroup> iterator() {
    return groups.values().iterator();
  }

  /** Hadoop's layout: "Counters: N", then each group and its counters indented. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Counters: ").append(countCounters());
    for (CounterGroup g : groups.values()) {
      b.append("\n\t").append(g.getDisplayName());
      for (Counter c : g) {
        b.append("\n\t\t").append(c.getDisplayName()).append('=').append(c.getValue());
      }
    }
    return b.toString();
  }
}
