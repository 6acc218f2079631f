package io.quern.mapred;

/** A job's id in the old API: the same {@code job_<master>_<number>} as the new API's, of which it is one. */
public class JobID extends io.quern.mapreduce.JobID {
  public JobID(String jtIdentifier, int id) {
    super(jtIdentifier, id);
  }

  /** Parses {@code job_<master>_<number>}. */
  public static JobID forName(String s) {
    return downgrade(io.quern.mapreduce.JobID.forName(s));
  }

  /** The old-API id of a new-API one. */
  public static JobID downgrade(io.quern.mapreduce.JobID id) {
    return id instanceof JobID old ? old : new JobID(id.getJtIdentifier(), id.getId());
  }
}
