package io.quern.protocol.dfs;

import java.io.IOException;

/** A DataNode has no room for a new replica. */
public class DiskFullException extends IOException {
  public DiskFullException(String message) {
    super(message);
  }
}
