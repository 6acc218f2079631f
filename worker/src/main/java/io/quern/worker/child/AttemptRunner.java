package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.fs.NamenodeWaits;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskKind;
import io.quern.mapreduce.filecache.CacheLocalizer;
import io.quern.mapreduce.runtime.Segment;
import io.quern.mapreduce.runtime.SortOptions;
import io.quern.mapreduce.task.JobCleanupTask;
import io.quern.mapreduce.task.MapTask;
import io.quern.mapreduce.task.ReduceTask;
import io.quern.mapreduce.task.SplitCodec;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.mapreduce.task.TaskHost;
import io.quern.mapreduce.task.TaskWorkDir;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.worker.ChildConf;
import io.quern.worker.LocalDirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt in the child: builds its context from the launch, reports progress to
 * the worker about once a second while there is any, and reports the end. When the worker
 * says the attempt is no longer wanted, the attempt's thread is interrupted.
 */
final class AttemptRunner {
  private static final long REPORT_MILLIS = 1000;

  private final ChildUmbilicalProtocol worker;
  private final TaskLaunch launch;
  private final LocalDirs dirs;
  private final String user;
  private volatile boolean unwanted;

  /** A child serves one job; the few entries cover a rehearsal's and the job's. */
  private static final io.quern.worker.JobConfCache JOB_CONFS = new io.quern.worker.JobConfCache(Configuration::new, 2);

  private final int concurrentAttempts;
  private final String host;
  /** The child says once, not per attempt, that it shrank the sort buffers. */
  private static final java.util.concurrent.atomic.AtomicBoolean capWarned =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static final String HOST_KEY = "quern.daemon.host";

  /**
   * @param host the worker's host, which is this attempt's host too: its DFS client reads the
   *     replicas of that host's DataNode short-circuit, whatever host the job was submitted from
   */
  AttemptRunner(ChildUmbilicalProtocol worker, TaskLaunch launch, LocalDirs dirs, int concurrentAttempts,
      String user, String host) {
    this.user = user;
    this.host = host;
    this.worker = worker;
    this.launch = launch;
    this.dirs = dirs;
    this.concurrentAttempts = concurrentAttempts;
  }

  /**
   * The attempts of a job on a worker share one child JVM, so each sort buffer gets at most
   * its share of half the heap; a larger io.sort.mb would only run the child out of memory.
   */
  private void capSortBuffer(Configuration conf) {
    int configured = MapredKeys.IO_SORT_MB.getInt(conf);
    int share = (int) Math.max(1, Runtime.getRuntime().maxMemory() / 2 / concurrentAttempts >> 20);
    if (configured > share) {
      conf.setInt(SortOptions.IO_SORT_MB, share);
      if (!capWarned.compareAndSet(false, true)) {
        return;
      }
      System.err.println(launch.attemptId() + ": io.sort.mb " + configured + " does not fit "
          + concurrentAttempts + " attempts in this child's heap; using " + share);
    }
  }

  void run() {
    AutoCloseable logs = null;
    try {
      logs = AttemptLogs.open(dirs.logs().resolve(launch.jobId()), launch.attemptId());
    } catch (IOException e) {
      System.err.println(launch.attemptId() + ": cannot open its log files, logging to the child's: " + e);
    }
    try {
      runLogged();
    } finally {
      if (logs != null) {
        try {
          logs.close();
        } catch (Exception e) {
          System.err.println(launch.attemptId() + ": cannot close its log files: " + e);
        }
      }
    }
  }

  private void runLogged() {
    Configuration conf = JOB_CONFS.of(launch.jobId(), launch.jobConf());
    // The job's code sees no path to the cluster secret, and acts as the user its token names.
    ChildConf.withoutSecret(conf);
    conf.set(UserName.KEY, user);
    if (host != null) {
      conf.set(HOST_KEY, host);
    }
    // Exactly the GPUs the master gave this attempt; streaming programs get them as CUDA_VISIBLE_DEVICES.
    conf.set(io.quern.mapreduce.MRJobConfig.TASK_GPUS, String.join(",", launch.gpus()));
    capSortBuffer(conf);
    TaskAttemptID id = TaskAttemptID.forName(launch.attemptId());
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf, id);
    try {
      // The job's secret keys and tokens, for this attempt's own copy (context.getCredentials()).
      conf.setCredentials(io.quern.security.Credentials.fromTokenStorageBytes(launch.credentials()));
    } catch (IOException e) {
      failBeforeStart(ctx, "cannot read the job's credentials: " + e.getMessage());
      return;
    }
    Thread self = Thread.currentThread();
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "report-" + id);
      t.setDaemon(true);
      return t;
    });
    long[] lastSent = {-1};
    // The first report after one interval, as Hadoop's reporter: the master counts an attempt
    // running from its launch, and an attempt shorter than the interval reports only its end
    // (canCommit, done), a call fewer per attempt for the master of a farm of short tasks.
    reporter.scheduleWithFixedDelay(() -> {
      long seen = ctx.lastProgressNanos();
      // A DFS call held up by a restarting NameNode is a sign of life: say so every second, so
      // that neither the worker's timeout nor the master's takes the wait for a hang.
      String waiting = NamenodeWaits.INSTANCE.describe();
      if (seen == lastSent[0] && waiting == null) {
        return; // no sign of life since the last report: let the worker's timeout judge
      }
      lastSent[0] = seen;
      try {
        AttemptStatus s = status(ctx);
        if (waiting != null) {
          s = new AttemptStatus(s.epoch(), s.attemptId(), s.workerId(), s.progress(), waiting, s.counters(),
              s.shuffleEndpoint());
        }
        if (!worker.statusUpdate(s)) {
          unwanted = true;
          self.interrupt();
        }
      } catch (Exception e) {
        // The next report retries; the worker times the attempt out if it never gets through.
      }
    }, REPORT_MILLIS, REPORT_MILLIS, TimeUnit.MILLISECONDS);
    Path work = dirs.attempt(launch.jobId(), launch.attemptId());
    try {
      Files.createDirectories(work);
      // The job's cache, fetched once per job here as the job's user; a cleanup task needs only
      // what goes on the class path (its committer may come from a -libjars jar).
      CacheLocalizer.Result cache = CacheLocalizer.localize(conf, dirs.job(launch.jobId()),
          launch.kind() == TaskKind.JOB_CLEANUP);
      // User classes come from the job jar and the job's class path entries: this child may have
      // started before its job was known.
      ClassLoader loader = JobJars.loaderFor(launch, dirs, cache.classPath());
      conf.setClassLoader(loader);
      Thread.currentThread().setContextClassLoader(loader);
      TaskHost host = attempt -> {
        try {
          return worker.canCommit(launch.epoch(), attempt.toString());
        } catch (Exception e) {
          throw new IOException("cannot ask the master whether " + attempt + " may commit: " + e.getMessage(), e);
        }
      };
      if (launch.kind() != TaskKind.JOB_CLEANUP) {
        TaskWorkDir.prepare(conf, work, cache);
      }
      if (launch.kind() == TaskKind.MAP) {
        MapTask.run(ctx, SplitCodec.decode(launch.split(), conf), host, work);
      } else if (launch.kind() == TaskKind.JOB_CLEANUP) {
        JobCleanupTask.run(ctx, launch.jobEnd(), host);
      } else {
        List<Segment> segments = new ShuffleFetcher(worker, launch, ctx, work).fetchAll();
        ctx.setStatus("reduce");
        ReduceTask.run(ctx, segments, host, work);
      }
      reporter.shutdownNow();
      ctx.setProgress(1f);
      worker.done(status(ctx));
    } catch (Throwable e) {
      reporter.shutdownNow();
      boolean killed = unwanted;
      System.err.println(launch.attemptId() + (killed ? " killed" : " failed:"));
      if (!killed) {
        e.printStackTrace();
      }
      try {
        worker.failed(status(ctx), killed ? "killed" : trace(e), killed);
      } catch (Exception reportFailure) {
        System.err.println(launch.attemptId() + ": cannot report the failure to the worker: " + reportFailure);
      }
      if (e instanceof Error && !(e instanceof AssertionError) && !(e instanceof LinkageError)) {
        // The JVM is not to be trusted after this (out of memory, stack overflow of user code).
        System.exit(3);
      }
    }
  }

  /** Reports an attempt that cannot start, with one sentence. */
  private void failBeforeStart(TaskAttemptContextImpl ctx, String why) {
    System.err.println(launch.attemptId() + ": " + why);
    try {
      worker.failed(status(ctx), why, false);
    } catch (Exception reportFailure) {
      System.err.println(launch.attemptId() + ": cannot report the failure to the worker: " + reportFailure);
    }
  }

  private AttemptStatus status(TaskAttemptContextImpl ctx) {
    return new AttemptStatus(launch.epoch(), launch.attemptId(), null, ctx.getProgress(), ctx.getStatus(),
        ctx.getCounters().snapshot(), null);
  }

  static String trace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String[] lines = w.toString().split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(15, lines.length)));
  }
}
