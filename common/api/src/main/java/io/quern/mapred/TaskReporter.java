package io.quern.mapred;

import io.quern.mapreduce.TaskAttemptContext;

/** The {@link Reporter} of an old-API class run by the engine: it reports into the task attempt's context. */
final class TaskReporter implements Reporter {
  private final TaskAttemptContext context;
  private final InputSplit split;

  /** {@code split} is the map's split, or null in a reduce. */
  TaskReporter(TaskAttemptContext context, InputSplit split) {
    this.context = context;
    this.split = split;
  }

  /** The attempt reported into; the old-API formats hand it to the new-API readers they wrap. */
  TaskAttemptContext context() {
    return context;
  }

  @Override
  public void setStatus(String status) {
    context.setStatus(status);
  }

  @Override
  public void progress() {
    context.progress();
  }

  @Override
  public Counters.Counter getCounter(Enum<?> name) {
    return new Counters.Counter(context.getCounter(name));
  }

  @Override
  public Counters.Counter getCounter(String group, String name) {
    return new Counters.Counter(context.getCounter(group, name));
  }

  @Override
  public void incrCounter(Enum<?> key, long amount) {
    context.getCounter(key).increment(amount);
  }

  @Override
  public void incrCounter(String group, String counter, long amount) {
    context.getCounter(group, counter).increment(amount);
  }

  @Override
  public InputSplit getInputSplit() {
    if (split == null) {
      throw new UnsupportedOperationException("only a map task has an input split");
    }
    return split;
  }

  @Override
  public float getProgress() {
    return context.getProgress();
  }
}
