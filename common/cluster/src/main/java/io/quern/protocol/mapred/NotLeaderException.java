package io.quern.protocol.mapred;

/** The called master is not the active one; the caller should re-resolve the leader. */
public class NotLeaderException extends Exception {
  public NotLeaderException(String message) {
    super(message);
  }
}
