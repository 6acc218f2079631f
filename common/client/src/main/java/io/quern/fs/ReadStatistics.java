package io.quern.fs;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes a DFS client's input streams handed to their callers, and how many of them came by
 * short-circuit reads of a DataNode on this host (HDFS's {@code ReadStatistics} names).
 */
public final class ReadStatistics {
  /** Thread-safe adder: any stream adds. */
  private final LongAdder total = new LongAdder();
  /** Thread-safe adder: any stream adds. */
  private final LongAdder shortCircuit = new LongAdder();

  void read(int n, boolean local) {
    total.add(n);
    if (local) {
      shortCircuit.add(n);
    }
  }

  public long getTotalBytesRead() {
    return total.sum();
  }

  public long getTotalShortCircuitBytesRead() {
    return shortCircuit.sum();
  }
}
