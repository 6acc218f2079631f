package io.quern.protocol.dfs;

import java.io.IOException;

/** A path that does not exist. */
public class FileNotFoundInDfsException extends IOException {
  public FileNotFoundInDfsException(String message) {
    super(message);
  }
}
