package io.quern.protocol;

import java.io.IOException;

/** A change refused because the NameNode is in safe mode. */
public class SafeModeException extends IOException {
  public SafeModeException(String message) {
    super(message);
  }
}
