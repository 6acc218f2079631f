package io.quern.protocol.dfs;

import java.io.IOException;

/** A DataNode has no replica of the requested block. */
public class ReplicaNotFoundException extends IOException {
  public ReplicaNotFoundException(String message) {
    super(message);
  }
}
