package io.quern.mapreduce.task;

import io.quern.io.Writable;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.runtime.CombineRunner;
import io.quern.mapreduce.runtime.RawKeyValueIterator;
import io.quern.mapreduce.runtime.RecordSink;
import io.quern.mapreduce.runtime.WritableSink;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Runs the job's combiner (a {@link Reducer}) for the sort engine. It may run on the spill
 * thread, so each run has its own context; the engine counts combine records itself.
 */
final class CombinerAdapter implements CombineRunner {
  // Immutable; the task's context is only read here (each run gets its own context and counters).
  private final TaskAttemptContextImpl task;
  private final Class<? extends Reducer<?, ?, ?, ?>> combinerClass;

  CombinerAdapter(TaskAttemptContextImpl task, Class<? extends Reducer<?, ?, ?, ?>> combinerClass) {
    this.task = task;
    this.combinerClass = combinerClass;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void combine(RawKeyValueIterator in, RecordSink out) throws IOException {
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(task.getConfiguration(), task.getTaskAttemptID(),
        new Counters());
    Reducer combiner = ReflectionUtil.newInstance(combinerClass, task.getConfiguration());
    WritableSink sink = new WritableSink(out);
    TaskOutput output = (k, v) -> sink.write((Writable) k, (Writable) v);
    ReduceContextImpl rc = new ReduceContextImpl(ctx, in, task.getMapOutputKeyClass(),
        task.getMapOutputValueClass(), task.getSortComparator(), output, null);
    try {
      combiner.run(rc.wrap(combiner));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("combiner interrupted");
    }
  }
}
