package io.quern.mapreduce.spi;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.TaskCompletionEvent;
import io.quern.mapreduce.TaskReport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A submitted job as its client follows it, whether it runs locally or on the cluster. */
public interface RunningJob {
  String jobId();

  JobStatusReport status() throws IOException;

  /**
   * The job's status once it differs from {@code seen} (a report this caller got before; null
   * for at once), or after about {@code maxWaitMillis}, whichever comes first; an answer equal to
   * {@code seen} means no change. A client follows its job by calling again with what it got.
   * This default asks {@link #status} every {@value #STATUS_POLL_MILLIS} ms; a runner that can
   * be told of changes answers as soon as one happens.
   */
  default JobStatusReport awaitStatus(JobStatusReport seen, long maxWaitMillis)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis));
    while (true) {
      JobStatusReport s = status();
      long left = deadline - System.nanoTime();
      if (!s.equals(seen) || s.state().isTerminal() || left <= 0) {
        return s;
      }
      Thread.sleep(Math.min(STATUS_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
    }
  }

  /** How often the default {@link #awaitStatus} asks. */
  long STATUS_POLL_MILLIS = 50;

  CountersSnapshot counters() throws IOException;

  List<TaskReport> taskReports() throws IOException;

  /** Up to {@code max} events of ended attempts, numbered from {@code from} on; see {@link TaskCompletionEvent}. */
  List<TaskCompletionEvent> taskCompletionEvents(int from, int max) throws IOException;

  void kill() throws IOException;
}
