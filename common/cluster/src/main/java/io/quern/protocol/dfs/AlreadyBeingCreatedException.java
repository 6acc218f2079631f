package io.quern.protocol.dfs;

import java.io.IOException;

/** A create or append of a file that another client is writing. */
public class AlreadyBeingCreatedException extends IOException {
  public AlreadyBeingCreatedException(String message) {
    super(message);
  }
}
