package io.quern.mapreduce;

import java.io.IOException;

/** Reduces the values of each key group; the default passes every value through. */
public class Reducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /** The context handed to a reducer's methods. */
  public abstract class Context implements ReduceContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {}

  protected void setup(Context context) throws IOException, InterruptedException {}

  @SuppressWarnings("unchecked")
  protected void reduce(KEYIN key, Iterable<VALUEIN> values, Context context)
      throws IOException, InterruptedException {
    for (VALUEIN value : values) {
      context.write((KEYOUT) key, (VALUEOUT) value);
    }
  }

  protected void cleanup(Context context) throws IOException, InterruptedException {}

  /** Runs the task; override for full control over the key loop. */
  public void run(Context context) throws IOException, InterruptedException {
    setup(context);
    try {
      while (context.nextKey()) {
        reduce(context.getCurrentKey(), context.getValues(), context);
      }
    } finally {
      cleanup(context);
    }
  }
}
