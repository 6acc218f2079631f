package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/** Opens a new file for writing by {@code clientName}, which then holds its lease. */
public record CreateRequest(String path, String clientName, String owner, boolean overwrite, int replication,
    long blockSize) implements Serializable {
  public CreateRequest {
    Checks.nonNull(path, "path");
    Checks.nonNull(clientName, "clientName");
    Checks.nonNull(owner, "owner");
    Checks.nonNegative(replication, "replication");
    Checks.nonNegative(blockSize, "blockSize");
  }
}
