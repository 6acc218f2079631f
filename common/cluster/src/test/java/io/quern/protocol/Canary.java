package io.quern.protocol;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allowed by the serial filter, and counts every time it is deserialized: proof of what was read.
 * A class, not a record: records ignore {@code readObject}.
 */
public final class Canary implements Serializable {
  public static final AtomicInteger READS = new AtomicInteger();
  private final String note;

  public Canary(String note) {
    this.note = note;
  }

  public String note() {
    return note;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    READS.incrementAndGet();
  }
}
