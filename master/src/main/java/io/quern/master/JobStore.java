package io.quern.master;

import io.quern.protocol.JobSpec;
import java.io.IOException;
import java.util.List;

/**
 * Where the active master keeps the jobs it accepted, so that the next leader can carry on
 * with them after a failover: the spec lives in the job's staging directory, a small record
 * of it in ZooKeeper.
 */
interface JobStore {
  void save(JobSpec spec) throws IOException;

  /** The job ended: forget it. */
  void remove(String jobId) throws IOException;

  /** The jobs saved and not removed, oldest first. */
  List<JobSpec> load() throws IOException;
}
