package io.quern.mapreduce;

import java.util.concurrent.atomic.AtomicLong;

/** A named counter. Increments are atomic: user code may count from its own threads. */
public class Counter {
  private final String name;
  private final String displayName;
  /** Thread-safe (atomic). */
  private final AtomicLong value = new AtomicLong();

  public Counter(String name) {
    this(name, name);
  }

  /** A counter shown as {@code displayName} in this process (counters travel between processes by name only). */
  public Counter(String name, String displayName) {
    this.name = name;
    this.displayName = displayName == null ? name : displayName;
  }

  public String getName() {
    return name;
  }

  public String getDisplayName() {
    return displayName;
  }

  public long getValue() {
    return value.get();
  }

  public void setValue(long v) {
    value.set(v);
  }

  public void increment(long incr) {
    value.addAndGet(incr);
  }

  @Override
  public String toString() {
    return name + "=" + getValue();
  }
}
