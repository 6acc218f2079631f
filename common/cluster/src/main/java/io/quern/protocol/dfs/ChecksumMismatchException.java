package io.quern.protocol.dfs;

import java.io.IOException;

/** Data whose CRC32C does not match its checksum (in flight or on disk). */
public class ChecksumMismatchException extends IOException {
  public ChecksumMismatchException(String message) {
    super(message);
  }
}
