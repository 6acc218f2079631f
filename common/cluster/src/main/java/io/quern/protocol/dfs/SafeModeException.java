package io.quern.protocol.dfs;

import java.io.IOException;

/**
 * A change refused because the NameNode is in safe mode. {@link #startingUp()} says it is the
 * safe mode of a restart, which ends by itself once DataNodes have reported: clients wait it out.
 */
public class SafeModeException extends IOException {
  private final boolean startingUp;

  public SafeModeException(String message) {
    this(message, false);
  }

  public SafeModeException(String message, boolean startingUp) {
    super(message);
    this.startingUp = startingUp;
  }

  public boolean startingUp() {
    return startingUp;
  }
}
