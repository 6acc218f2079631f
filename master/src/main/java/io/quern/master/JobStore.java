package io.quern.master;

import io.quern.protocol.mapred.JobSpec;
import java.io.IOException;
import java.util.List;

/**
 * Where the active master keeps the jobs it accepted, so that the next leader can carry on
 * with them after a failover: the spec lives in the job's staging directory, a small record
 * of it in ZooKeeper.
 */
interface JobStore {
  void save(JobSpec spec) throws IOException;

  /**
   * Records a finished task, only while {@code epoch} is still the current master epoch.
   *
   * @throws FencedException when a newer leader took over: this master must stop acting
   */
  void recordTask(long epoch, String jobId, TaskRecord task) throws IOException;

  /**
   * Records finished tasks of a job together (as {@link #recordTask}, fenced alike): the master
   * records in batches what finished while its previous write was under way.
   */
  default void recordTasks(long epoch, String jobId, List<TaskRecord> tasks) throws IOException {
    for (TaskRecord t : tasks) {
      recordTask(epoch, jobId, t);
    }
  }

  /**
   * The job ended: forget it (only while {@code epoch} is current, see {@link #recordTask}; a
   * negative epoch forgets a submission no leader accepted, unconditionally).
   */
  void remove(long epoch, String jobId) throws IOException;

  /**
   * This master took {@code epoch}: remember what makes its later writes fenced against it.
   *
   * @throws FencedException when a newer leader already took another epoch
   */
  void lead(long epoch) throws IOException;

  /** Fails with {@link FencedException} unless {@code epoch} is the current master epoch. */
  void checkEpoch(long epoch) throws IOException;

  /** A job saved and not removed, with the tasks recorded as finished. */
  record Saved(JobSpec spec, List<TaskRecord> finished) {}

  /** The jobs saved and not removed, oldest first. */
  List<Saved> load() throws IOException;

  /**
   * Reads ahead, while this master stands by, whatever {@link #load} would otherwise fetch from
   * slow storage at the moment of taking over; called periodically.
   */
  default void prefetch() throws IOException {}
}
