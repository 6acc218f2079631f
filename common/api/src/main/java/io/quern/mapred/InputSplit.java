package io.quern.mapred;

import io.quern.io.Writable;
import java.io.IOException;

/**
 * The data one map of an old-API job reads. Splits travel from the client to the tasks as
 * their class name and {@link Writable} bytes, so an implementation needs a no-argument
 * constructor.
 */
public interface InputSplit extends Writable {
  long getLength() throws IOException;

  /** Hosts holding the split's data, for the scheduler's locality; may be empty. */
  String[] getLocations() throws IOException;
}
