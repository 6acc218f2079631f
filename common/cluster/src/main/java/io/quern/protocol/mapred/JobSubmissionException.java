package io.quern.protocol.mapred;

/** The master refused a job; the message says why in one sentence. */
public class JobSubmissionException extends Exception {
  public JobSubmissionException(String message) {
    super(message);
  }
}
