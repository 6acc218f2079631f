package io.quern.mapred;

import java.io.IOException;

/**
 * A job's configuration lacks a setting it needs or holds one that cannot work, found at
 * submission (e.g. a file output format with no output directory).
 */
public class InvalidJobConfException extends IOException {
  public InvalidJobConfException() {
    super("invalid job configuration");
  }

  public InvalidJobConfException(String message) {
    super(message);
  }

  public InvalidJobConfException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidJobConfException(Throwable cause) {
    super(cause);
  }
}
