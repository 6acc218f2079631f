package io.quern.protocol.dfs;

import java.io.IOException;

/** A path that is not absolute, has empty, '.' or '..' components, or other bad characters. */
public class InvalidPathException extends IOException {
  public InvalidPathException(String message) {
    super(message);
  }
}
