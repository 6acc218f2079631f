package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.List;

/**
 * Commits the writer's previous block at {@code previousLength} (previousBlockId -1 when there
 * is none) and allocates the next one, placed relative to {@code clientHost} and avoiding
 * {@code excludedNodes} (DataNode ids that failed for this writer).
 */
public record AddBlockRequest(String path, String clientName, String clientHost, long previousBlockId,
    long previousLength, List<String> excludedNodes) implements Serializable {
  public AddBlockRequest {
    Checks.nonNull(path, "path");
    Checks.nonNull(clientName, "clientName");
    Checks.nonNull(clientHost, "clientHost");
    Checks.idOrNone(previousBlockId, "previousBlockId");
    Checks.nonNegative(previousLength, "previousLength");
    excludedNodes = List.copyOf(excludedNodes);
  }
}
