package io.quern.protocol.dfs;

import java.io.IOException;

/** A non-recursive delete of a directory that has children. */
public class DirectoryNotEmptyException extends IOException {
  public DirectoryNotEmptyException(String message) {
    super(message);
  }
}
