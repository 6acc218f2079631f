package io.quern.mapred;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The old API's counters: a view of the new API's {@link io.quern.mapreduce.Counters}, so
 * that both count into the same place. Groups are named by the enum class of their counters.
 */
public class Counters implements Iterable<Counters.Group> {
  private final io.quern.mapreduce.Counters counters;

  public Counters() {
    this(new io.quern.mapreduce.Counters());
  }

  private Counters(io.quern.mapreduce.Counters counters) {
    this.counters = counters;
  }

  /** The old-API view of new-API counters; changes through either show in both. */
  public static Counters downgrade(io.quern.mapreduce.Counters counters) {
    return new Counters(counters);
  }

  public Counter findCounter(Enum<?> key) {
    return new Counter(counters.findCounter(key));
  }

  public Counter findCounter(String group, String name) {
    return new Counter(counters.findCounter(group, name));
  }

  /** The value of an enum's counter; 0 when it was never counted. */
  public long getCounter(Enum<?> key) {
    return counters.findCounter(key).getValue();
  }

  public void incrCounter(Enum<?> key, long amount) {
    counters.findCounter(key).increment(amount);
  }

  public void incrCounter(String group, String counter, long amount) {
    counters.findCounter(group, counter).increment(amount);
  }

  /** The group of that name; an empty one if nothing was counted in it. */
  public Group getGroup(String groupName) {
    return new Group(counters.getGroup(groupName));
  }

  public Collection<String> getGroupNames() {
    List<String> names = new ArrayList<>();
    counters.getGroupNames().forEach(names::add);
    return names;
  }

  /** How many counters there are, in all groups. */
  public int size() {
    return counters.countCounters();
  }

  /** Adds every counter of {@code other} into this. */
  public void incrAllCounters(Counters other) {
    counters.incrAllCounters(other.counters);
  }

  @Override
  public Iterator<Group> iterator() {
    Iterator<io.quern.mapreduce.CounterGroup> it = counters.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Group next() {
        return new Group(it.next());
      }
    };
  }

  @Override
  public String toString() {
    return counters.toString();
  }

  /** One counter. */
  public static class Counter {
    private final io.quern.mapreduce.Counter counter;

    Counter(io.quern.mapreduce.Counter counter) {
      this.counter = counter;
    }

    public String getName() {
      return counter.getName();
    }

    public String getDisplayName() {
      return counter.getDisplayName();
    }

    public long getValue() {
      return counter.getValue();
    }

    /** The value, by its old-API name. */
    public long getCounter() {
      return counter.getValue();
    }

    public void setValue(long value) {
      counter.setValue(value);
    }

    public void increment(long amount) {
      counter.increment(amount);
    }

    @Override
    public String toString() {
      return counter.toString();
    }
  }

  /** The counters of one group, by name. */
  public static class Group implements Iterable<Counter> {
    private final io.quern.mapreduce.CounterGroup group;

    Group(io.quern.mapreduce.CounterGroup group) {
      this.group = group;
    }

    public String getName() {
      return group.getName();
    }

    public String getDisplayName() {
      return group.getDisplayName();
    }

    /** The value of the named counter; 0 when it was never counted. */
    public long getCounter(String counterName) {
      for (io.quern.mapreduce.Counter c : group) {
        if (c.getName().equals(counterName)) {
          return c.getValue();
        }
      }
      return 0;
    }

    /** The named counter, made if there is none. */
    public Counter findCounter(String counterName) {
      return new Counter(group.findCounter(counterName));
    }

    public Counter getCounterForName(String counterName) {
      return findCounter(counterName);
    }

    public int size() {
      return group.size();
    }

    @Override
    public Iterator<Counter> iterator() {
      Iterator<io.quern.mapreduce.Counter> it = group.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Counter next() {
          return new Counter(it.next());
        }
      };
    }
  }
}
