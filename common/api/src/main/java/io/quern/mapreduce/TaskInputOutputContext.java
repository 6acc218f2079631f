package io.quern.mapreduce;

import java.io.IOException;

/** A task context that reads input records and writes output records. */
public interface TaskInputOutputContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> extends TaskAttemptContext {
  boolean nextKeyValue() throws IOException, InterruptedException;

  KEYIN getCurrentKey() throws IOException, InterruptedException;

  VALUEIN getCurrentValue() throws IOException, InterruptedException;

  void write(KEYOUT key, VALUEOUT value) throws IOException, InterruptedException;

  OutputCommitter getOutputCommitter();
}
