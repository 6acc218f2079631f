package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/** One live DataNode as the NameNode sees it, for {@code admin -report}. */
public record DatanodeReport(String id, String rack, long capacity, long used, long remaining,
    AdminState adminState, int blocks) implements Serializable {
  public DatanodeReport {
    Checks.nonNull(id, "id");
    Checks.nonNegative(blocks, "blocks");
  }
}
