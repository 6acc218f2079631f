package io.quern.protocol.dfs;

import java.io.IOException;

/** No DataNodes can take a new block (all full, leaving, excluded or none alive). */
public class NotEnoughReplicasException extends IOException {
  public NotEnoughReplicasException(String message) {
    super(message);
  }
}
