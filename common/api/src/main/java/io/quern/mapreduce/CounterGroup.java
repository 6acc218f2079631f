package io.quern.mapreduce;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The counters of one group, by name. */
public class CounterGroup implements Iterable<Counter> {
  private final String name;
  /** Thread-safe (concurrent sorted map). */
  private final Map<String, Counter> counters = new ConcurrentSkipListMap<>();

  public CounterGroup(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getDisplayName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  public Counter findCounter(String counterName) {
    return counters.computeIfAbsent(counterName, Counter::new);
  }

  /** The named counter; made with {@code displayName} if there is none yet. */
  public Counter findCounter(String counterName, String displayName) {
    return counters.computeIfAbsent(counterName, n -> new Counter(n, displayName));
  }

  public int size() {
    return counters.size();
  }

  @Override
  public Iterator<Counter> iterator() {
    return counters.values().iterator();
  }
}
