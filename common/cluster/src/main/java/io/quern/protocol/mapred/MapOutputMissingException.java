package io.quern.protocol.mapred;

/** The worker has no output for that map attempt (never ran here, or cleaned up). */
public class MapOutputMissingException extends Exception {
  public MapOutputMissingException(String message) {
    super(message);
  }
}
