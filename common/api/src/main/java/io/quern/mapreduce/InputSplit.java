package io.quern.mapreduce;

import java.io.IOException;

/**
 * The data one map reads. Splits travel from the client to the tasks, so an implementation
 * must also be a {@link io.quern.io.Writable} with a public no-argument constructor.
 */
public abstract class InputSplit {
  public abstract long getLength() throws IOException, InterruptedException;

  /** Hosts holding the split's data, for the scheduler's locality. */
  public abstract String[] getLocations() throws IOException, InterruptedException;
}
