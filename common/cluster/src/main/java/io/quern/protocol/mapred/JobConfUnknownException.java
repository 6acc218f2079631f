package io.quern.protocol.mapred;

/**
 * A worker was sent attempts of a job whose configuration it does not hold (it restarted, or
 * forgot the job): it started none of them, and the master sends them again with it.
 */
public class JobConfUnknownException extends Exception {
  private final String jobId;

  public JobConfUnknownException(String jobId) {
    super("this worker holds no configuration of job " + jobId);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
