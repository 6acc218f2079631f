package io.quern.fs;

import java.io.IOException;

/** A create or rename over an existing path, or a file where a directory is needed. */
public class FileAlreadyExistsException extends IOException {
  public FileAlreadyExistsException(String message) {
    super(message);
  }
}
