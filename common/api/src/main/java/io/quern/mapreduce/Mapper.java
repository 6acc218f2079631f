package io.quern.mapreduce;

import java.io.IOException;

/** Maps input records to intermediate records; the default passes records through. */
public class Mapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /** The context handed to a mapper's methods. */
  public abstract class Context implements MapContext<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {}

  protected void setup(Context context) throws IOException, InterruptedException {}

  @SuppressWarnings("unchecked")
  protected void map(KEYIN key, VALUEIN value, Context context) throws IOException, InterruptedException {
    context.write((KEYOUT) key, (VALUEOUT) value);
  }

  protected void cleanup(Context context) throws IOException, InterruptedException {}

  /** Runs the task; override for full control over the record loop. */
  public void run(Context context) throws IOException, InterruptedException {
    setup(context);
    try {
      while (context.nextKeyValue()) {
        map(context.getCurrentKey(), context.getCurrentValue(), context);
      }
    } finally {
      cleanup(context);
    }
  }
}
