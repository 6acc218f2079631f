package io.quern.worker;

import io.quern.streaming.TaskProcesses;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The slow part of ending a job or an attempt here, run off the worker loop: stopping programs
 * (SIGTERM, SIGKILL after the grace period, waiting until they are gone), killing every process
 * of a job's task user id, deleting the job's files and giving its logs back to the worker's
 * user. Holds no table: what it finds goes back to the loop as an event. Immutable.
 */
final class JobCleanup {
  private static final Logger LOG = LogManager.getLogger(JobCleanup.class);

  private final LocalDirs dirs;
  /** Between SIGTERM and SIGKILL of a killed attempt's programs. */
  private final long graceMillis;

  JobCleanup(LocalDirs dirs, long graceMillis) {
    this.dirs = dirs;
    this.graceMillis = graceMillis;
  }

  /** Stops the processes a tag names, and says how long it took or that some survived. */
  void stopPrograms(String variable, java.util.function.Predicate<String> value, String what) {
    long start = System.nanoTime();
    try {
      if (!TaskProcesses.stop(variable, value, graceMillis)) {
        LOG.warn("processes of {} survived SIGKILL for {} s", what, TaskProcesses.KILL_MILLIS / 1000);
      } else {
        LOG.debug("processes of {} stopped in {} ms", what, (System.nanoTime() - start) / 1_000_000);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops what the job's {@code child} (already out of the pool, or null) ran, every process of
   * its identity {@code id} (null if it never had a child here), deletes its files and gives its
   * logs back to the worker's user.
   *
   * @return whether nothing of the job is left that another job given the same identity could read
   */
  boolean deleteJob(String jobId, JobChild child, ChildIdentities.Identity id) {
    if (child != null) {
      // Its tasks' programs in their own sessions outlive the child JVM unless stopped too.
      stopPrograms(TaskProcesses.CHILD_VARIABLE, child.childId::equals, "child " + child.childId);
    }
    boolean deleted = true;
    try {
      // Nothing of the job may run on while its files are deleted and its user id handed on.
      if (id != null && !id.killAll()) {
        throw new IOException("processes of the job's task user id survived SIGKILL for 5 s");
      }
      LocalDirs.deleteTree(dirs.job(jobId));
      Files.deleteIfExists(dirs.jobJar(jobId, "job.jar"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleted = false;
    } catch (IOException e) {
      deleted = false;
      LOG.warn("{}: cannot delete its local files under {}: {}; they stay until the worker restarts", jobId,
          dirs.job(jobId), e.toString());
    }
    if (id != null) {
      try {
        id.disown(dirs.jobLogs(jobId));
      } catch (IOException e) {
        deleted = false;
        LOG.warn("{}: cannot give its logs back to the worker's user: {}", jobId, e.toString());
      }
    }
    return deleted;
  }
}
