package io.quern.master;

import io.quern.mapreduce.JobState;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Whether the DFS is there for the jobs: while no NameNode is registered, running jobs wait for
 * one (their attempts hold their DFS calls, their status says why), and they fail only once none
 * has been registered for {@link SchedulerSettings#namenodeWaitMillis()}. A NameNode restart is
 * a wait, not a lost job.
 *
 * <p>Confined to the master's loop thread, as the {@link JobTracker} that owns it.
 */
final class NamenodeWait {
  private static final Logger LOG = LogManager.getLogger(NamenodeWait.class);

  private final long windowMillis;
  private final LongSupplier clock;
  /** When the NameNode's registration went away, or -1 while one is registered. Confined to the loop thread. */
  private long missingSince = -1;

  NamenodeWait(SchedulerSettings settings, LongSupplier clock) {
    this.windowMillis = settings.namenodeWaitMillis();
    this.clock = clock;
  }

  void registered(boolean registered) {
    long now = clock.getAsLong();
    if (registered && missingSince >= 0) {
      LOG.info("the NameNode is registered again after {} s", (now - missingSince) / 1000);
      missingSince = -1;
    } else if (!registered && missingSince < 0) {
      LOG.info("no NameNode is registered; running jobs wait up to {} s for one", windowMillis / 1000);
      missingSince = now;
    }
  }

  /** What a job's status says while it waits, or null while a NameNode is registered. */
  String note() {
    return missingSince < 0 ? null
        : "waiting for the NameNode, none registered for " + (clock.getAsLong() - missingSince) / 1000 + " s";
  }

  /** Fails the running jobs once the NameNode has been gone for longer than the window. */
  void failOverdueJobs(long now, JobTables tables, JobLifecycle lifecycle) {
    if (missingSince < 0 || now - missingSince <= windowMillis) {
      return;
    }
    for (JobInProgress job : tables.activeJobs()) {
      lifecycle.endJob(job, JobState.FAILED, "no NameNode has been registered for " + (now - missingSince) / 1000
          + " s (mapred.namenode.wait.window is " + windowMillis / 1000
          + " s), so the job can neither read nor write the DFS");
    }
  }
}
