package io.quern.master;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.files.JobFiles;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.protocol.JobState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The file work at a job's end, off the loop thread: the output committer's job commit or
 * abort (with the job jar on the class path, for custom output formats), and the history file.
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

  void finish(long epoch, Command.FinishOutput f) {
    worker.execute(() -> {
      String error = null;
      try {
        // The job commit moves output files: only the current leader may do it.
        store.checkEpoch(epoch);
      } catch (FencedException e) {
        fenced(f.jobId(), e);
        return;
      } catch (IOException e) {
        LOG.warn("{}: {}; committing anyway", f.jobId(), e.getMessage());
      }
      try {
        runCommitter(f);
      } catch (Exception | LinkageError e) {
        error = e.toString();
        LOG.warn("{}: output {} failed: {}", f.jobId(), f.commit() ? "commit" : "abort", error, e);
      }
      if (f.commit()) {
        String err = error;
        loop.get().call(t -> {
          t.jobCommitted(f.jobId(), err == null, err);
          return null;
        });
      }
    });
  }

  @SuppressWarnings("rawtypes")
  private void runCommitter(Command.FinishOutput f) throws Exception {
    Configuration jobConf = new Configuration(false);
    jobConf.addResource(new ByteArrayInputStream(f.confXml()), f.jobId() + " job.xml");
    String jar = jobConf.get(MRJobConfig.JAR);
    JobID id = JobID.forName(f.jobId());
    try (URLClassLoader loader = new URLClassLoader(jarUrls(jar), getClass().getClassLoader())) {
      jobConf.setClassLoader(loader);
      TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(jobConf,
          new TaskAttemptID(new TaskID(id, TaskType.MAP, 0), 0));
      OutputFormat format = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), jobConf);
      OutputCommitter committer = format.getOutputCommitter(ctx);
      if (f.commit()) {
        committer.commitJob(ctx);
        LOG.info("{} output committed", f.jobId());
      } else {
        committer.abortJob(ctx, JobState.FAILED);
        LOG.info("{} output aborted", f.jobId());
      }
    }
  }

  private static URL[] jarUrls(String jar) throws IOException {
    if (jar == null || jar.isBlank()) {
      return new URL[0];
    }
    return new URL[] {Path.of(jar).toUri().toURL()};
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
