package io.quern.mapreduce.local;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskReport;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.runtime.MapOutputBuffer;
import io.quern.mapreduce.runtime.Segment;
import io.quern.mapreduce.runtime.SpillIndex;
import io.quern.mapreduce.spi.RunningJob;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.MapTask;
import io.quern.mapreduce.task.ReduceTask;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.mapreduce.task.TaskHost;
import io.quern.mapreduce.task.TaskWorkDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One job of the {@link LocalJobRunner}, run by its own thread: maps (up to
 * {@code mapreduce.local.map.tasks.maximum} at once), then reduces one by one, then the job commit.
 * Its status fields are written by that thread and read by the client's.
 */
final class LocalJob implements RunningJob {
  /** The local jobs of this JVM started and not yet finished: what the local runner's metrics count; thread-safe (concurrent set). */
  private static final java.util.Set<LocalJob> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final Logger LOG = LogManager.getLogger(LocalJob.class);

  // Immutable: set at construction, published to the job thread by Thread.start. The conf is this
  // job's own copy, built by the runner before; the job, map and client threads only read it.
  private final JobID id;
  private final Configuration conf;
  private final List<InputSplit> splits;
  private final int reduces;
  private final long startMillis = System.currentTimeMillis();
  /** Guarded by itself: added to by the map threads and the job thread, snapshotted by the client. */
  private final Counters counters = new Counters();
  /** The two counts: thread-safe (atomic); written by map threads and the job thread, read by the client. */
  private final AtomicInteger mapsDone = new AtomicInteger();
  private final AtomicInteger reducesDone = new AtomicInteger();
  /** State of each map, then each reduce; written by the task threads, read by the client; thread-safe (atomic array). */
  private final java.util.concurrent.atomic.AtomicReferenceArray<io.quern.mapreduce.TaskState> taskStates;
  /** Immutable reference; interrupted by kill() from the client's thread. */
  private final Thread thread;
  /** Ends of the tasks in the order they happened; guarded by itself. */
  private final List<io.quern.mapreduce.TaskCompletionEvent> events = new ArrayList<>();
  // state, failure, finishMillis: volatile, written once by the job thread (finish), read without a lock by the
  // client; finish writes state last and status() reads it first, so a final state comes with its failure and time.
  private volatile JobState state = JobState.RUNNING;
  private volatile String failure;
  private volatile long finishMillis;
  /** volatile, set by kill() on the client's thread, read without a lock by the job and map threads. */
  private volatile boolean killed;

  LocalJob(JobID id, Configuration conf, List<InputSplit> splits) {
    this.id = id;
    this.conf = conf;
    this.splits = splits;
    this.reduces = new JobContextImpl(conf, id).getNumReduceTasks();
    this.taskStates = new java.util.concurrent.atomic.AtomicReferenceArray<>(splits.size() + reduces);
    for (int i = 0; i < splits.size() + reduces; i++) {
      taskStates.set(i, io.quern.mapreduce.TaskState.PENDING);
    }
    this.thread = new Thread(this::runJob, "local-" + id);
    this.thread.setDaemon(true);
    // The job's classes (its -libjars too): its tasks' threads, started from this one, inherit it.
    this.thread.setContextClassLoader(conf.getClassLoader());
  }

  void start() {
    LIVE.add(this);
    thread.start();
  }

  /** The maps and reduces running now in the unfinished local jobs of this JVM. */
  static int[] runningTasks() {
    int[] running = new int[2];
    for (LocalJob job : LIVE) {
      JobStatusReport s = job.status();
      running[0] += s.mapsRunning();
      running[1] += s.reducesRunning();
    }
    return running;
  }

  @SuppressWarnings("rawtypes")
  private void runJob() {
    Path localDir = Path.of(MapredKeys.LOCAL_DIR.get(conf),
        "localRunner", id.toString());
    TaskAttemptContextImpl jobCtx = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(new TaskID(id, TaskType.MAP, 0), 0));
    OutputCommitter committer = null;
    try {
      OutputFormat outputFormat = ReflectionUtil.newInstance(jobCtx.getOutputFormatClass(), conf);
      committer = outputFormat.getOutputCommitter(jobCtx);
      committer.setupJob(jobCtx);
      List<Path> mapOutputs = runMaps(localDir);
      for (int r = 0; r < reduces; r++) {
        checkKilled();
        runReduce(r, mapOutputs, localDir);
        reducesDone.incrementAndGet();
      }
      checkKilled();
      committer.commitJob(jobCtx);
      finish(JobState.SUCCEEDED, null);
    } catch (Throwable e) {
      // Read once: a kill arriving while the failure is handled must not mix a killed end with a
      // failure's reason, or leave a failed job without its warning.
      boolean wasKilled = killed;
      JobState end = wasKilled ? JobState.KILLED : JobState.FAILED;
      String reason = wasKilled ? "killed by request" : describe(e);
      if (!wasKilled) {
        LOG.warn("{} failed in local mode: {}", id, reason, e);
      }
      if (committer != null) {
        try {
          committer.abortJob(jobCtx, end);
        } catch (IOException abortFailure) {
          LOG.warn("{}: cannot clean up the output after the failure: {}", id, abortFailure.toString());
        }
      }
      finish(end, reason);
    } finally {
      deleteQuietly(localDir);
    }
  }

  private List<Path> runMaps(Path localDir) throws Exception {
    int parallel = Math.max(1, MapredKeys.LOCAL_MAP_TASKS_MAXIMUM.getInt(conf));
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "local-map-" + id);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Path>> futures = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> runMap(index, localDir)));
      }
      List<Path> outputs = new ArrayList<>();
      for (Future<Path> f : futures) {
        try {
          outputs.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : new IOException(e.getCause());
        }
      }
      return outputs;
    } finally {
      pool.shutdownNow();
    }
  }

  private Path runMap(int index, Path localDir) throws Exception {
    checkKilled();
    TaskAttemptID attempt = new TaskAttemptID(new TaskID(id, TaskType.MAP, index), 0);
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(new Configuration(conf), attempt);
    taskStates.set(index, io.quern.mapreduce.TaskState.RUNNING);
    long started = System.currentTimeMillis();
    try {
      TaskWorkDir.prepare(ctx.getConfiguration(), localDir.resolve(attempt.toString()));
      Path out = MapTask.run(ctx, splits.get(index), TaskHost.ALWAYS, localDir.resolve(attempt.toString()));
      taskStates.set(index, io.quern.mapreduce.TaskState.SUCCEEDED);
      ended(attempt, index, true, io.quern.mapreduce.TaskCompletionEvent.Status.SUCCEEDED, started);
      synchronized (counters) {
        counters.incrAllCounters(ctx.getCounters());
      }
      mapsDone.incrementAndGet();
      return out;
    } catch (Exception e) {
      taskStates.set(index, io.quern.mapreduce.TaskState.FAILED);
      ended(attempt, index, true, killed ? io.quern.mapreduce.TaskCompletionEvent.Status.KILLED
          : io.quern.mapreduce.TaskCompletionEvent.Status.TIPFAILED, started);
      throw new TaskFailure(attempt, e);
    }
  }

  /** Records a task's end; the local runner runs one attempt per task, on this host. */
  private void ended(TaskAttemptID attempt, int index, boolean map, io.quern.mapreduce.TaskCompletionEvent.Status how,
      long started) {
    synchronized (events) {
      events.add(new io.quern.mapreduce.TaskCompletionEvent(events.size(), attempt.toString(), index, map, how,
          "local", "", System.currentTimeMillis() - started));
    }
  }

  @Override
  public List<io.quern.mapreduce.TaskCompletionEvent> taskCompletionEvents(int from, int max) {
    synchronized (events) {
      int start = Math.min(Math.max(0, from), events.size());
      return List.copyOf(events.subList(start, Math.min(events.size(), start + Math.max(0, max))));
    }
  }

  private void runReduce(int partition, List<Path> mapOutputs, Path localDir) throws Exception {
    TaskAttemptID attempt = new TaskAttemptID(new TaskID(id, TaskType.REDUCE, partition), 0);
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(new Configuration(conf), attempt);
    List<Segment> segments = new ArrayList<>();
    io.quern.io.compress.CompressionCodec codec = io.quern.mapreduce.runtime.MapOutputCodec.of(conf);
    for (Path out : mapOutputs) {
      SpillIndex index = SpillIndex.read(out.resolveSibling(MapOutputBuffer.INDEX_FILE));
      segments.add(Segment.onDisk(out, index.get(partition), codec));
    }
    Path tmp = localDir.resolve(attempt.toString());
    Files.createDirectories(tmp);
    taskStates.set(splits.size() + partition, io.quern.mapreduce.TaskState.RUNNING);
    long started = System.currentTimeMillis();
    try {
      TaskWorkDir.prepare(ctx.getConfiguration(), tmp);
      ReduceTask.run(ctx, segments, TaskHost.ALWAYS, tmp);
      taskStates.set(splits.size() + partition, io.quern.mapreduce.TaskState.SUCCEEDED);
      ended(attempt, partition, false, io.quern.mapreduce.TaskCompletionEvent.Status.SUCCEEDED, started);
    } catch (Exception e) {
      taskStates.set(splits.size() + partition, io.quern.mapreduce.TaskState.FAILED);
      ended(attempt, partition, false, killed ? io.quern.mapreduce.TaskCompletionEvent.Status.KILLED
          : io.quern.mapreduce.TaskCompletionEvent.Status.TIPFAILED, started);
      throw new TaskFailure(attempt, e);
    }
    synchronized (counters) {
      counters.incrAllCounters(ctx.getCounters());
    }
  }

  private void checkKilled() throws InterruptedException {
    if (killed || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("job killed");
    }
  }

  private void finish(JobState end, String reason) {
    failure = reason;
    finishMillis = System.currentTimeMillis();
    state = end;
    LIVE.remove(this);
  }

  /** The exception's first lines: what the user sees as the failure reason. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    if (e instanceof TaskFailure tf) {
      b.append("task ").append(tf.attempt).append(" failed: ");
      e = e.getCause();
    }
    b.append(e);
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 0; i < Math.min(2, trace.length); i++) {
      b.append("\n\tat ").append(trace[i]);
    }
    return b.toString();
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete local job directory {}: {}", dir, e.toString());
    }
  }

  @Override
  public String jobId() {
    return id.toString();
  }

  @Override
  public JobStatusReport status() {
    JobState s = state;
    int maps = splits.size();
    float mapProgress = maps == 0 ? 1f : mapsDone.get() / (float) maps;
    float reduceProgress = reduces == 0 ? (s == JobState.SUCCEEDED ? 1f : 0f) : reducesDone.get() / (float) reduces;
    int mapsRunning = 0;
    int reducesRunning = 0;
    for (int i = 0; i < taskStates.length(); i++) {
      if (taskStates.get(i) == io.quern.mapreduce.TaskState.RUNNING) {
        if (i < maps) {
          mapsRunning++;
        } else {
          reducesRunning++;
        }
      }
    }
    return new JobStatusReport(id.toString(), conf.get(MRJobConfig.JOB_NAME, ""), System.getProperty("user.name"),
        0, s, mapProgress, reduceProgress, maps, mapsDone.get(), reduces, reducesDone.get(), startMillis,
        finishMillis, failure, null, mapsRunning, reducesRunning, 0, 0);
  }

  @Override
  public CountersSnapshot counters() {
    synchronized (counters) {
      return counters.snapshot();
    }
  }

  /** One attempt per task, numbered 0: the local runner never retries. */
  @Override
  public List<TaskReport> taskReports() {
    List<TaskReport> out = new ArrayList<>();
    for (int i = 0; i < taskStates.length(); i++) {
      boolean map = i < splits.size();
      TaskID task = new TaskID(id, map ? TaskType.MAP : TaskType.REDUCE, map ? i : i - splits.size());
      io.quern.mapreduce.TaskState st = taskStates.get(i);
      String attempt = new TaskAttemptID(task, 0).toString();
      boolean done = st == io.quern.mapreduce.TaskState.SUCCEEDED;
      out.add(new TaskReport(task.toString(), map ? io.quern.mapreduce.TaskKind.MAP : io.quern.mapreduce.TaskKind.REDUCE,
          st, done ? 1f : 0f, "", st == io.quern.mapreduce.TaskState.PENDING ? List.of() : List.of(attempt),
          done ? attempt : null, List.of()));
    }
    return out;
  }

  @Override
  public void kill() {
    killed = true;
    thread.interrupt();
  }

  /** A task's failure, naming the attempt. */
  static final class TaskFailure extends Exception {
    final TaskAttemptID attempt;

    TaskFailure(TaskAttemptID attempt, Throwable cause) {
      super(cause);
      this.attempt = attempt;
    }
  }
}
