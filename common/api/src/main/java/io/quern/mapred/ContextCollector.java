package io.quern.mapred;

import io.quern.mapreduce.TaskInputOutputContext;
import java.io.InterruptedIOException;

/** Old-API output collectors over the engine's task contexts. */
final class ContextCollector {
  private ContextCollector() {}

  /** Collects into {@code context.write}; an interrupt becomes the IOException the old API can throw. */
  static OutputCollector<Object, Object> of(TaskInputOutputContext<?, ?, Object, Object> context) {
    return (key, value) -> {
      try {
        context.write(key, value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing a record");
      }
    };
  }
}
