package io.quern.mapred;

import io.quern.util.Progressable;

/**
 * What an old-API task reports through: counters, a status line, and signs of life that keep
 * the task from timing out during long work.
 */
public interface Reporter extends Progressable {
  /** A reporter that reports nothing, for code run outside a task; its counters are null. */
  Reporter NULL = new Reporter() {
    @Override
    public void setStatus(String status) {}

    @Override
    public void progress() {}

    @Override
    public Counters.Counter getCounter(Enum<?> name) {
      return null;
    }

    @Override
    public Counters.Counter getCounter(String group, String name) {
      return null;
    }

    @Override
    public void incrCounter(Enum<?> key, long amount) {}

    @Override
    public void incrCounter(String group, String counter, long amount) {}

    @Override
    public InputSplit getInputSplit() {
      throw new UnsupportedOperationException("Reporter.NULL has no input split");
    }

    @Override
    public float getProgress() {
      return 0;
    }
  };

  void setStatus(String status);

  /** The task's counter of an enum (its group is the enum's class name). */
  Counters.Counter getCounter(Enum<?> name);

  Counters.Counter getCounter(String group, String name);

  void incrCounter(Enum<?> key, long amount);

  void incrCounter(String group, String counter, long amount);

  /** The split a map task reads; a reduce task has none and throws. */
  InputSplit getInputSplit() throws UnsupportedOperationException;

  /** Share of the task's input done, within [0, 1]. */
  float getProgress();
}
