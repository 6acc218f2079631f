package io.quern.protocol;

import java.io.Serializable;

/** A replica that failed checksum verification on {@code datanodeId}. */
public record BadReplica(long blockId, String datanodeId) implements Serializable {
  public BadReplica {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNull(datanodeId, "datanodeId");
  }
}
