package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/**
 * A replica that failed checksum verification on {@code datanodeId}. {@code accessToken}: the
 * reader's block access token, which a task must show (it read the block, so it holds one),
 * lest a task mark replicas of blocks it cannot read corrupt.
 */
public record BadReplica(long blockId, String datanodeId, byte[] accessToken) implements Serializable {
  public BadReplica {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNull(datanodeId, "datanodeId");
  }

  public BadReplica(long blockId, String datanodeId) {
    this(blockId, datanodeId, null);
  }
}
