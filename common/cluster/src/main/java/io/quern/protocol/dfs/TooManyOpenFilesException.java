package io.quern.protocol.dfs;

import java.io.IOException;

/** A client asked to open more files for writing than {@code dfs.namenode.max.open.files.per.client}. */
public class TooManyOpenFilesException extends IOException {
  public TooManyOpenFilesException(String message) {
    super(message);
  }
}
