package io.quern.mapreduce;

import java.io.IOException;

/** What a reducer sees: one key at a time with a streaming iterable of its values. */
public interface ReduceContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT>
    extends TaskInputOutputContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {
  /** Advances to the next key group; false at the end. */
  boolean nextKey() throws IOException, InterruptedException;

  /** The values of the current group, read once as they stream from the merge. */
  Iterable<VALUEIN> getValues() throws IOException, InterruptedException;
}
