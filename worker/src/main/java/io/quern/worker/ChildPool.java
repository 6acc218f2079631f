package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.protocol.mapred.TaskLaunch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One child JVM per job on this worker, reused for the job's later attempts here. To spare
 * a job the start-up of a JVM, the pool keeps one spare child warm: the job's first attempt
 * here takes it, and a new spare starts behind it. A child loads the job's classes from the
 * job jar, copied from the staging area once per job. When a child exits, the exit handler
 * learns which child it was and its exit code, so that the attempts it ran can be failed.
 *
 * <p>The pool owns which child serves which job, the spare, and who each job's children run
 * as; its monitor guards them. Starting processes is its {@link ChildLauncher}'s work, and
 * the jar copies its {@link JobJarCache}'s.
 */
final class ChildPool {
  /** The throughput collector: terasort of 1 GB took 19 s with it, 23 s with G1 (BENCHMARKS.md). */
  private static final Logger LOG = LogManager.getLogger(ChildPool.class);

  private final Configuration conf;
  private final LocalDirs dirs;
  private final String workerId;
  private final BiConsumer<JobChild, Integer> onExit;
  private final JobTokenIssuer tokens;
  private final ChildIdentities identities;
  private final ChildLauncher launcher;
  private final JobJarCache jars;
  /** Who each job's children run as, from its first child here until its files are gone; guarded by this. */
  private final Map<String, ChildIdentities.Identity> jobIdentity = new HashMap<>();
  private final Map<String, JobChild> byJob = new HashMap<>();
  /** Read by every call of every child, so never behind the monitor; written under it. */
  private final Map<String, JobChild> byId = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicInteger nextChild = new AtomicInteger();
  /** The launches' job configurations as given (no defaults, no site files), parsed once per job. */
  private final JobConfCache jobConfs = new JobConfCache(() -> new Configuration(false), 64);
  /** The warm child without a job, or null; guarded by this. */
  private JobChild spare;
  /** Who the spare runs as, the identity of the job that adopts it; guarded by this. */
  private ChildIdentities.Identity spareIdentity;
  private boolean closed;

  /** The worker's pool: children are JVMs running {@code ChildMain}. */
  ChildPool(Configuration conf, LocalDirs dirs, String workerId, String workerEndpoint, int threadsPerChild,
      JobTokenIssuer tokens, ChildIdentities identities, BiConsumer<JobChild, Integer> onExit) {
    this(conf, dirs, workerId, tokens, identities,
        new JvmChildLauncher(conf, dirs, workerEndpoint, threadsPerChild, identities.switches()), onExit);
  }

  ChildPool(Configuration conf, LocalDirs dirs, String workerId, JobTokenIssuer tokens, ChildIdentities identities,
      ChildLauncher launcher, BiConsumer<JobChild, Integer> onExit) {
    this.conf = conf;
    this.dirs = dirs;
    this.workerId = workerId;
    this.tokens = tokens;
    this.identities = identities;
    this.launcher = launcher;
    this.jars = new JobJarCache(conf, dirs);
    this.onExit = onExit;
  }

  /**
   * Queues the attempt for its job's child, starting the child if there is none alive or
   * starting. {@code register} learns the child's id before the child can run, or die.
   *
   * <p>The monitor guards only the tables: which child serves which job, the spare, the
   * identities. What takes time happens off it, before or after: the job jar is copied from
   * the DFS first (the copy may wait out a NameNode restart), and a new child's directories
   * are handed to its identity and its JVM started and bound after the attempt is queued on
   * it. Launches of the job arriving meanwhile queue on the same child. A child that cannot
   * be started ends as if it had exited at once: its attempts fail with the reason.
   */
  JobChild submit(TaskLaunch launch, java.util.function.Consumer<String> register) throws IOException {
    while (true) {
      boolean jarFetched = false;
      if (!hasLiveChild(launch.jobId())) {
        jars.fetch(launch);
        jarFetched = true;
      }
      ChildStart start = new ChildStart();
      JobChild child = submitFetched(launch, register, jarFetched, start);
      if (child != null) {
        if (start.child != null) {
          start.run();
        }
        return child;
      }
    }
  }

  private synchronized boolean hasLiveChild(String jobId) {
    JobChild child = byJob.get(jobId);
    return child != null && (child.isAlive() || child.isStarting());
  }

  /**
   * {@link #submit}'s table work, under the monitor; null when a new child is needed but its jar
   * was not fetched. A new child (or the spare it adopts) is left in {@code start} to start off it.
   */
  private synchronized JobChild submitFetched(TaskLaunch launch, java.util.function.Consumer<String> register,
      boolean jarFetched, ChildStart start) throws IOException {
    JobChild child = byJob.get(launch.jobId());
    if (child == null || !(child.isAlive() || child.isStarting())) {
      if (!jarFetched) {
        return null; // the job's child died since we looked: fetch (or touch) the jar first
      }
      ChildBinding binding;
      try {
        binding = tokens.bindingFor(launch.jobId(), launch.user());
      } catch (IllegalArgumentException e) {
        throw new IOException("cannot bind a child JVM to " + launch.jobId() + ": " + e.getMessage());
      }
      String opts = jobChildOpts(launch);
      // The spare started with the worker's child options; a job with options of its own gets its own
      // child. A job keeps its identity for all its children here, and the spare's is fixed at its start.
      ChildIdentities.Identity id = jobIdentity.get(launch.jobId());
      boolean adopted = false;
      if (id == null && opts.equals(spareOpts()) && spare != null && spare.isAlive()) {
        child = spare;
        id = spareIdentity;
        spare = null;
        spareIdentity = null;
        adopted = true;
        LOG.info("{} takes over the spare child JVM {}", launch.jobId(), child.childId);
      } else {
        if (id == null) {
          id = identities.acquire();
        }
        child = launcher.newChild(nextChildId());
        byId.put(child.childId, child);
      }
      jobIdentity.put(launch.jobId(), id);
      child.assign(launch.jobId());
      byJob.put(launch.jobId(), child);
      start.set(child, adopted, binding, opts, id);
      if (spareDueNanos == 0) {
        spareDueNanos = System.nanoTime() + SPARE_DELAY_NANOS;
      }
    }
    register.accept(child.childId);
    child.offer(launch);
    return child;
  }

  private String nextChildId() {
    return "child_" + workerId + "_" + nextChild.incrementAndGet();
  }

  /** A child to ready off the monitor: its job's directories given to it, its JVM started (unless adopted) and bound. */
  private final class ChildStart {
    private JobChild child;
    private boolean adopted;
    private ChildBinding binding;
    private String opts;
    private ChildIdentities.Identity identity;

    void set(JobChild child, boolean adopted, ChildBinding binding, String opts, ChildIdentities.Identity identity) {
      this.child = child;
      this.adopted = adopted;
      this.binding = binding;
      this.opts = opts;
      this.identity = identity;
    }

    void run() {
      String jobId = binding.subject().jobId();
      try {
        // The child writes its attempts' files and logs here; no other job's child may look in.
        identity.ownPrivately(dirs.job(jobId));
        identity.ownPrivately(dirs.jobLogs(jobId));
        if (!adopted) {
          launcher.start(child, opts, identity);
          watchExit(child);
          LOG.info("started child JVM {} (pid {}) for {}", child.childId, child.pid(), jobId);
        }
        child.bind(binding);
      } catch (IOException | RuntimeException e) {
        failStart(child, (adopted ? "the spare child JVM " + child.childId + " could not be bound to "
            : "cannot start a child JVM for ") + jobId + ": " + e.getMessage());
        return;
      }
      killIfRemoved(child);
    }
  }

  /**
   * The next spare starts once an attempt ended here, or {@link #SPARE_DELAY_NANOS} after the
   * last one was taken, not at once: a spare's start and rehearsal cost a core for about a
   * second, and at once meant exactly while the job that took the last one starts its first
   * attempts on every slot (a farm's first tasks took 2–3 s longer than the rest).
   */
  private static final long SPARE_DELAY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
  /** When the next spare is due ({@link System#nanoTime}), 0 when it is not wanted; guarded by this. */
  private long spareDueNanos;

  /** An attempt ended here ({@code attemptEnded}), or time passed: starts the next spare if it is due. */
  void maybeStartSpare(boolean attemptEnded) {
    synchronized (this) {
      if (spareDueNanos == 0 || !(attemptEnded || System.nanoTime() - spareDueNanos >= 0)) {
        return;
      }
    }
    startSpare();
  }

  /**
   * Starts the spare child, if there is none (alive or starting); the JVM starts off the monitor.
   * A failure only costs the next job its warm start.
   */
  void startSpare() {
    JobChild child;
    ChildIdentities.Identity id;
    synchronized (this) {
      spareDueNanos = 0;
      if (closed || (spare != null && (spare.isAlive() || spare.isStarting()))) {
        return;
      }
      try {
        id = identities.acquire();
      } catch (IOException e) {
        LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", e.getMessage());
        return;
      }
      child = launcher.newChild(nextChildId());
      spare = child;
      spareIdentity = id;
      byId.put(child.childId, child);
    }
    try {
      launcher.start(child, spareOpts(), id);
      watchExit(child);
      LOG.info("started child JVM {} (pid {}) as the spare", child.childId, child.pid());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", e.getMessage());
      child.startFailed(e.getMessage());
      synchronized (this) {
        byId.remove(child.childId, child);
        if (spare == child) {
          spare = null;
          spareIdentity = null;
          id.release();
        }
      }
      return;
    }
    killIfRemoved(child);
  }

  /**
   * Sends every bound child whose job token is a third from expiring a fresh one: a token lives
   * {@code quern.security.job.token.lifetime}, so one carried off a worker stops working soon
   * after, while the job's own children never hold an expired one. Timer thread.
   */
  void renewTokens() {
    List<JobChild> bound;
    synchronized (this) {
      bound = new ArrayList<>(byJob.values());
    }
    for (JobChild child : bound) {
      ChildBinding current = child.binding();
      if (current == null || !child.isAlive() || !tokens.dueForRenewal(current)) {
        continue;
      }
      try {
        child.renew(tokens.bindingFor(current.subject().jobId(), current.subject().user()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot renew the job token of child JVM {} ({}): {}", child.childId, current.subject(), e.toString());
      }
    }
  }

  JobChild byId(String childId) {
    return byId.get(childId);
  }

  /**
   * Kills every process of the job's own task user id, the child and all it forked, and waits
   * for them: false when some survived, and then the id must not go to another job.
   */
  boolean killJobProcesses(String jobId) throws InterruptedException {
    ChildIdentities.Identity id;
    synchronized (this) {
      id = jobIdentity.get(jobId);
    }
    return id == null || id.killAll();
  }

  /** Kills the job's child; its exit is reported through the exit handler. */
  synchronized JobChild remove(String jobId) {
    JobChild child = byJob.remove(jobId);
    if (child != null) {
      byId.remove(child.childId);
      child.kill();
    }
    return child;
  }

  /**
   * The job's files are deleted ({@code deleted}) or not: its identity is let go once nothing
   * of the job's is left that another job given the same identity could read.
   */
  synchronized void forget(String jobId, boolean deleted) {
    jobConfs.forget(jobId);
    ChildIdentities.Identity id = jobIdentity.remove(jobId);
    if (id == null) {
      return;
    }
    try {
      id.disown(dirs.jobLogs(jobId));
    } catch (IOException e) {
      deleted = false;
      LOG.warn("{}: cannot give its logs back to the worker's user: {}", jobId, e.toString());
    }
    if (deleted) {
      id.release();
    } else {
      LOG.warn("{}: its {} stays reserved while files of the job are left", jobId, id);
    }
  }

  /**
   * Kills every child, the spare too; with {@code close} no new spare starts. Jobs keep their
   * identities: their files are still here, and their attempts may come back.
   */
  synchronized List<JobChild> removeAll(boolean close) {
    closed |= close;
    List<JobChild> all = new ArrayList<>(byId.values());
    byJob.clear();
    byId.clear();
    spare = null;
    if (spareIdentity != null) {
      spareIdentity.release();
      spareIdentity = null;
    }
    all.forEach(JobChild::kill);
    return all;
  }

  /** The spare starts with the worker's value of the child options, which most jobs share. */
  private String spareOpts() {
    return WorkerKeys.CHILD_JAVA_OPTS.get(conf);
  }

  /** The launch's job configuration, without defaults or site files; a copy the caller may change. */
  Configuration jobConf(TaskLaunch launch) {
    return jobConfs.of(launch.jobId(), launch.jobConf());
  }

  /**
   * The child options of the launch's job: as in Hadoop, a job sets its own (heap, GC, agents),
   * so a job whose options differ from the spare's gets a child started with them. The job
   * configuration holds no defaults, so a job that sets none gets the worker's.
   */
  private String jobChildOpts(TaskLaunch launch) {
    String opts = jobConf(launch).get(WorkerKeys.CHILD_JAVA_OPTS.name());
    return opts == null ? spareOpts() : opts.trim();
  }

  /**
   * When the child's process ends: out of the tables if it is still there (a spare never adopted
   * gives its identity back, since no job's files carry it), then the exit handler.
   */
  private void watchExit(JobChild child) {
    child.onExit(exitCode -> {
      synchronized (this) {
        if (byId.remove(child.childId, child)) {
          String job = child.jobId();
          if (job != null) {
            byJob.remove(job, child);
          }
          if (spare == child) {
            spare = null;
            if (spareIdentity != null) {
              spareIdentity.release();
              spareIdentity = null;
            }
          }
        }
      }
      onExit.accept(child, exitCode);
    });
  }

  /**
   * A child removed from the tables while its JVM was starting (its job killed, the pool
   * cleared) is killed now that there is a process; its exit reaches the handler as any other.
   */
  private void killIfRemoved(JobChild child) {
    boolean removed;
    synchronized (this) {
      removed = byId.get(child.childId) != child;
    }
    if (removed) {
      child.kill();
    }
  }

  /**
   * A job's child that could not be started or bound: out of the tables, and ended as if it had
   * exited, so the attempts queued on it fail with {@code why}.
   */
  private void failStart(JobChild child, String why) {
    LOG.warn("{}; failing the attempts queued on {}", why, child.childId);
    child.startFailed(why);
    synchronized (this) {
      byId.remove(child.childId, child);
      String job = child.jobId();
      if (job != null) {
        byJob.remove(job, child);
      }
    }
    if (child.hasProcess()) {
      child.kill(); // its exit handler reports the end
    } else {
      onExit.accept(child, -1);
    }
  }
}
