package io.quern.protocol.mapred;

/** The master does not know the job (never submitted, or forgotten). */
public class UnknownJobException extends Exception {
  public UnknownJobException(String jobId) {
    super("unknown job " + jobId);
  }
}
