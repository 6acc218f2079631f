package io.quern.mapreduce.client;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.spi.RunningJob;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A job running on the cluster, followed through the master. Once the job has ended, its
 * final status, counters and task reports are kept, so that later questions need no master.
 */
final class ClusterRunningJob implements RunningJob {
  private final String jobId;
  private final MasterConnection master;
  /** Set once, when the job is seen ended; guarded by this. */
  private Final ended;

  private record Final(JobStatusReport status, CountersSnapshot counters, List<TaskReport> tasks,
      List<TaskCompletionEvent> events) {}

  ClusterRunningJob(String jobId, MasterConnection master) {
    this.jobId = jobId;
    this.master = master;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  private synchronized Final ended() {
    return ended;
  }

  @Override
  public JobStatusReport status() throws IOException {
    Final f = ended();
    if (f != null) {
      return f.status();
    }
    return keepIfEnded(master.call(p -> p.status(jobId)));
  }

  /**
   * Waits on the master for the job to change, so the end is heard the moment it happens. A
   * held call holds an RMI connection: past {@link #LONG_POLLS} waits at once in this process
   * (the master admits a bounded number of connections per peer address), the others poll.
   */
  @Override
  public JobStatusReport awaitStatus(JobStatusReport seen, long maxWaitMillis)
      throws IOException, InterruptedException {
    Final f = ended();
    if (f != null) {
      return f.status();
    }
    if (!LONG_POLLS.tryAcquire()) {
      return RunningJob.super.awaitStatus(seen, maxWaitMillis);
    }
    JobStatusReport s;
    long start = System.nanoTime();
    try {
      s = master.call(p -> p.awaitStatus(jobId, seen, maxWaitMillis));
    } finally {
      LONG_POLLS.release();
    }
    // An unchanged answer that came early (a master with too many waiters answers at once)
    // comes back no sooner than a poll would, so that a caller following the job never spins.
    long pause = Math.min(maxWaitMillis, STATUS_POLL_MILLIS) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (s.equals(seen) && pause > 0) {
      Thread.sleep(pause);
    }
    return keepIfEnded(s);
  }

  /** Long polls one process may hold on the master at once. Thread-safe: any thread waiting on a job takes a permit. */
  private static final Semaphore LONG_POLLS = new Semaphore(8);

  /** Keeps the final status, counters, reports and events once the job is seen ended. */
  private JobStatusReport keepIfEnded(JobStatusReport s) throws IOException {
    if (s.state().isTerminal()) {
      Final done = new Final(s, master.call(p -> p.counters(jobId)), master.call(p -> p.taskReports(jobId)),
          allEvents());
      synchronized (this) {
        if (ended == null) {
          ended = done;
          master.close();
        }
      }
    }
    return s;
  }

  @Override
  public CountersSnapshot counters() throws IOException {
    Final f = ended();
    return f != null ? f.counters() : master.call(p -> p.counters(jobId));
  }

  @Override
  public List<TaskReport> taskReports() throws IOException {
    Final f = ended();
    return f != null ? f.tasks() : master.call(p -> p.taskReports(jobId));
  }

  @Override
  public List<TaskCompletionEvent> taskCompletionEvents(int from, int max) throws IOException {
    Final f = ended();
    if (f == null) {
      return master.call(p -> p.taskCompletionEvents(jobId, from, max));
    }
    int start = Math.min(Math.max(0, from), f.events().size());
    return f.events().subList(start, Math.min(f.events().size(), start + Math.max(0, max)));
  }

  /** Every event of the ended job, in the master's batches. */
  private List<TaskCompletionEvent> allEvents() throws IOException {
    List<TaskCompletionEvent> all = new java.util.ArrayList<>();
    while (true) {
      int from = all.size();
      List<TaskCompletionEvent> batch = master.call(p -> p.taskCompletionEvents(jobId, from, Integer.MAX_VALUE));
      if (batch.isEmpty()) {
        return List.copyOf(all);
      }
      all.addAll(batch);
    }
  }

  @Override
  public void kill() throws IOException {
    if (ended() != null) {
      return;
    }
    master.call(p -> {
      p.killJob(jobId);
      return null;
    });
  }
}
