package io.quern.protocol.mapred;

/**
 * A command or report carries an older master epoch than the receiver has seen: it comes
 * from a master that lost leadership and must be ignored.
 */
public class StaleEpochException extends Exception {
  public StaleEpochException(long got, long current) {
    super("stale master epoch " + got + " (current " + current + ")");
  }
}
