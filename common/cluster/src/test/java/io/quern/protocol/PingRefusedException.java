package io.quern.protocol;

/** An application exception of {@link Pingable}. */
public class PingRefusedException extends Exception {
  public PingRefusedException(String message) {
    super(message);
  }
}
