package io.quern.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An object that serializes itself to and from a binary stream. The same instance is
 * usually refilled many times with {@link #readFields}, so implementations must not
 * assume they start out empty.
 */
public interface Writable {

  void write(DataOutput out) throws IOException;

  void readFields(DataInput in) throws IOException;
}
