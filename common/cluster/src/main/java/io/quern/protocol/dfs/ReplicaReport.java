package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/** A finalized replica a DataNode holds. */
public record ReplicaReport(long blockId, long length) implements Serializable {
  public ReplicaReport {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(length, "length");
  }
}
