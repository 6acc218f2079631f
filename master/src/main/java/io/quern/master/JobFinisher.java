package io.quern.master;

import io.quern.conf.Configuration;
import io.quern.mapreduce.files.JobFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master's own work at a job's end, off the loop thread: its epoch-fenced records in the
 * job store and the history file. The job's output committer is user code and runs in a
 * cleanup task on a worker, never here.
 */
final class JobFinisher {
  static final String HISTORY_DIR = "mapred.job.history.dir";
  private static final Logger LOG = LogManager.getLogger(JobFinisher.class);

  private final Configuration conf;
  private final Supplier<MasterLoop> loop;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "job-finisher");
    t.setDaemon(true);
    return t;
  });

  private final JobStore store;

  JobFinisher(Configuration conf, Supplier<MasterLoop> loop, JobStore store) {
    this.conf = conf;
    this.loop = loop;
    this.store = store;
  }

  /** The job ended: a later leader must not run it again. */
  void forget(long epoch, String jobId) {
    worker.execute(() -> {
      try {
        store.remove(epoch, jobId);
      } catch (FencedException e) {
        fenced(jobId, e);
      } catch (IOException e) {
        LOG.warn("{}: {}; a later leader will run the finished job again", jobId, e.getMessage());
      }
    });
  }

  /** A task finished: a later leader takes it over instead of running it again. */
  void record(long epoch, String jobId, TaskRecord task) {
    worker.execute(() -> {
      try {
        store.recordTask(epoch, jobId, task);
        LOG.info("{} recorded as finished by {}", task.taskId(), task.attemptId());
      } catch (FencedException e) {
        fenced(jobId, e);
      } catch (IOException e) {
        LOG.warn("{}: {}; a later leader would run {} again", jobId, e.getMessage(), task.taskId());
      }
    });
  }

  /** A newer leader exists: this master must stop acting at once, whatever its latch says yet. */
  private void fenced(String jobId, FencedException e) {
    LOG.warn("{}: state write refused: {}; stepping down", jobId, e.getMessage());
    loop.get().stepDown(e.getMessage());
  }

  void writeHistory(String jobId) {
    loop.get().call(t -> JobHistory.format(t.status(jobId), t.counters(jobId), t.taskReports(jobId)))
        .thenAcceptAsync(text -> {
          String dir = conf.get(HISTORY_DIR, System.getProperty("java.io.tmpdir") + "/quern-history");
          String file = dir + "/" + jobId;
          try (OutputStream out = JobFiles.get(file, conf).create(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            LOG.warn("{}: cannot write the job history to {}: {}; the job's record stays in memory only",
                jobId, file, e.toString());
          }
        }, worker);
  }

  void close() {
    worker.shutdownNow();
  }
}
