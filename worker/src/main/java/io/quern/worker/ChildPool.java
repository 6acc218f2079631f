package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.protocol.mapred.TaskLaunch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One child JVM per job on this worker, reused for the job's later attempts here. To spare
 * a job the start-up of a JVM, the pool keeps one spare child warm: the job's first attempt
 * here takes it, and a new spare starts behind it. A child loads the job's classes from the
 * job jar, copied from the staging area once per job. When a child exits, the exit handler
 * learns which child it was and its exit code, so that the attempts it ran can be failed.
 *
 * <p>The pool's tables (which child serves which job, the spare, who each job's children run
 * as, the jar fetches under way) are owned by the {@link WorkerLoop}: every method here runs on
 * it, except {@link #byId} and {@link #renewBindings}. What takes time runs off the loop and
 * comes back as an event: the jar copy ({@link JobJarCache}), a new child's directories handed
 * to its identity and its process started ({@link ChildLauncher}) and bound, process exits.
 */
final class ChildPool {
  private static final Logger LOG = LogManager.getLogger(ChildPool.class);

  // Immutable: set at construction.
  private final Configuration conf;
  private final LocalDirs dirs;
  private final String workerId;
  private final WorkerLoop loop;
  /** Runs on the loop when a child's process has ended, or its start failed. */
  private final BiConsumer<JobChild, Integer> onExit;
  private final JobTokenIssuer tokens;
  private final ChildIdentities identities;
  private final ChildLauncher launcher;
  private final JobJarCache jars;
  /** Guarded by itself (a cache its own lock guards); used on the loop. */
  private final JobConfCache jobConfs = new JobConfCache(() -> new Configuration(false), 64);

  /** Who each job's children run as, from its first child here until its files are gone; owned by the loop. */
  private final Map<String, ChildIdentities.Identity> jobIdentity = new HashMap<>();
  /** Each job's child; owned by the loop. */
  private final Map<String, JobChild> byJob = new HashMap<>();
  /**
   * Every child by id. Written by the loop only; read by any thread: every call of every child
   * looks its child up here, without a trip through the loop.
   */
  private final Map<String, JobChild> byId = new java.util.concurrent.ConcurrentHashMap<>();
  /** The jar copy under way for each job without a live child, with the launches waiting for it; owned by the loop. */
  private final Map<String, JarFetch> fetching = new HashMap<>();
  /** Owned by the loop. */
  private int nextChild;
  /** The warm child without a job, or null; owned by the loop. */
  private JobChild spare;
  /** Who the spare runs as, the identity of the job that adopts it; owned by the loop. */
  private ChildIdentities.Identity spareIdentity;
  /** Owned by the loop. */
  private boolean closed;
  /** When the next spare is due ({@link System#nanoTime}), 0 when it is not wanted; owned by the loop. */
  private long spareDueNanos;

  /**
   * The next spare starts once an attempt ended here, or this long after the last one was taken,
   * not at once: a spare's start and rehearsal cost a core for about a second, and at once meant
   * exactly while the job that took the last one starts its first attempts on every slot (a
   * farm's first tasks took 2–3 s longer than the rest).
   */
  private static final long SPARE_DELAY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

  /** Where a launch went: told on the loop, once. */
  interface Placement {
    /** The launch is about to be queued on {@code child}, which may still be starting. */
    void placed(JobChild child);

    /** No child can take the launch (its jar could not be fetched, its job not bound); {@code why} says why. */
    void failed(String why);
  }

  /** A job's jar being fetched and the launches waiting for it; owned by the loop. */
  private static final class JarFetch {
    final List<TaskLaunch> launches = new ArrayList<>();
    final List<Placement> placements = new ArrayList<>();
  }

  /** The worker's pool: children are JVMs running {@code ChildMain}. */
  ChildPool(Configuration conf, LocalDirs dirs, String workerId, String workerEndpoint, int threadsPerChild,
      JobTokenIssuer tokens, ChildIdentities identities, WorkerLoop loop, BiConsumer<JobChild, Integer> onExit) {
    this(conf, dirs, workerId, tokens, identities,
        new JvmChildLauncher(conf, dirs, workerEndpoint, threadsPerChild, identities.switches()), loop, onExit);
  }

  ChildPool(Configuration conf, LocalDirs dirs, String workerId, JobTokenIssuer tokens, ChildIdentities identities,
      ChildLauncher launcher, WorkerLoop loop, BiConsumer<JobChild, Integer> onExit) {
    this.conf = conf;
    this.dirs = dirs;
    this.workerId = workerId;
    this.tokens = tokens;
    this.identities = identities;
    this.launcher = launcher;
    this.loop = loop;
    this.jars = new JobJarCache(conf, dirs);
    this.onExit = onExit;
  }

  /**
   * Loop: queues the attempt for its job's child. A job without a child alive or starting has its
   * jar fetched off the loop first (the copy may wait out a NameNode restart), and later launches
   * of the job wait with it; then its child is the spare, adopted, or a new one, whose directories
   * are handed to its identity and its JVM started and bound off the loop while attempts queue on
   * it. A child that cannot be started ends as if it had exited at once: its attempts fail with
   * the reason. {@code placement} hears where the launch went before the child can take it.
   */
  void submit(TaskLaunch launch, Placement placement) {
    JobChild child = liveChild(launch.jobId());
    if (child != null) {
      placement.placed(child);
      child.offer(launch);
      return;
    }
    JarFetch fetch = fetching.get(launch.jobId());
    if (fetch == null) {
      JarFetch started = new JarFetch();
      fetching.put(launch.jobId(), started);
      fetch = started;
      loop.offLoop(() -> {
        jars.fetch(launch);
        return null;
      }, (v, failure) -> jarFetched(launch.jobId(), started, failure));
    }
    fetch.launches.add(launch);
    fetch.placements.add(placement);
  }

  /** Loop: withdraws a launch still waiting for its job's jar; false if it is not waiting. */
  boolean withdrawWaiting(TaskLaunch launch) {
    JarFetch fetch = fetching.get(launch.jobId());
    int i = fetch == null ? -1 : fetch.launches.indexOf(launch);
    if (i < 0) {
      return false;
    }
    fetch.launches.remove(i);
    fetch.placements.remove(i);
    return true;
  }

  private JobChild liveChild(String jobId) {
    JobChild child = byJob.get(jobId);
    return child != null && (child.isAlive() || child.isStarting()) ? child : null;
  }

  /** Loop: the job's jar is here (or {@code failure} says why not); the launches waiting for it go on. */
  private void jarFetched(String jobId, JarFetch fetch, Exception failure) {
    if (fetching.get(jobId) != fetch) {
      return; // the job was removed meanwhile, and its launches with it
    }
    fetching.remove(jobId);
    for (int i = 0; i < fetch.launches.size(); i++) {
      TaskLaunch launch = fetch.launches.get(i);
      Placement placement = fetch.placements.get(i);
      if (failure != null) {
        placement.failed(String.valueOf(failure.getMessage()));
        continue;
      }
      try {
        JobChild child = liveChild(jobId);
        if (child == null) {
          child = newJobChild(launch);
        }
        placement.placed(child);
        child.offer(launch);
      } catch (IOException e) {
        placement.failed(e.getMessage());
      }
    }
  }

  /** Loop: gives the job a child, the spare or a new one, and readies it off the loop. */
  private JobChild newJobChild(TaskLaunch launch) throws IOException {
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
    JobChild child;
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
        id = identities.acquire(); // a lock file's tryLock: does not wait
      }
      child = launcher.newChild(nextChildId());
      byId.put(child.childId, child);
    }
    jobIdentity.put(launch.jobId(), id);
    child.assign(launch.jobId());
    byJob.put(launch.jobId(), child);
    if (spareDueNanos == 0) {
      spareDueNanos = System.nanoTime() + SPARE_DELAY_NANOS;
    }
    readyOffLoop(child, adopted, binding, opts, id);
    return child;
  }

  private String nextChildId() {
    return "child_" + workerId + "_" + ++nextChild;
  }

  /** Off the loop: the job's directories given to the child, its JVM started (unless adopted) and bound. */
  private void readyOffLoop(JobChild child, boolean adopted, ChildBinding binding, String opts,
      ChildIdentities.Identity identity) {
    String jobId = binding.subject().jobId();
    loop.offLoop(() -> {
      // The child writes its attempts' files and logs here; no other job's child may look in.
      identity.ownPrivately(dirs.job(jobId));
      identity.ownPrivately(dirs.jobLogs(jobId));
      if (!adopted) {
        launcher.start(child, opts, identity);
        watchExit(child);
        LOG.info("started child JVM {} (pid {}) for {}", child.childId, child.pid(), jobId);
      }
      child.bind(binding);
      return null;
    }, (v, failure) -> {
      if (failure != null) {
        failStart(child, (adopted ? "the spare child JVM " + child.childId + " could not be bound to "
            : "cannot start a child JVM for ") + jobId + ": " + failure.getMessage());
      } else {
        killIfRemoved(child);
      }
    }, v -> child.kill());
  }

  /** Loop: an attempt ended here ({@code attemptEnded}), or time passed: starts the next spare if it is due. */
  void maybeStartSpare(boolean attemptEnded) {
    if (spareDueNanos == 0 || !(attemptEnded || System.nanoTime() - spareDueNanos >= 0)) {
      return;
    }
    startSpare();
  }

  /**
   * Loop: starts the spare child, if there is none (alive or starting); the JVM starts off the
   * loop. A failure only costs the next job its warm start.
   */
  void startSpare() {
    spareDueNanos = 0;
    if (closed || (spare != null && (spare.isAlive() || spare.isStarting()))) {
      return;
    }
    ChildIdentities.Identity id;
    try {
      id = identities.acquire();
    } catch (IOException e) {
      LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", e.getMessage());
      return;
    }
    JobChild child = launcher.newChild(nextChildId());
    spare = child;
    spareIdentity = id;
    byId.put(child.childId, child);
    loop.offLoop(() -> {
      launcher.start(child, spareOpts(), id);
      watchExit(child);
      LOG.info("started child JVM {} (pid {}) as the spare", child.childId, child.pid());
      return null;
    }, (v, failure) -> {
      if (failure == null) {
        killIfRemoved(child);
        return;
      }
      LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", failure.getMessage());
      child.startFailed(failure.getMessage());
      byId.remove(child.childId, child);
      if (spare == child) {
        spare = null;
        spareIdentity = null;
        id.release();
      }
    }, v -> child.kill());
  }

  /** Loop: the spare, alive or starting, or null. */
  JobChild spare() {
    return spare;
  }

  /** Loop: the children bound to a job, for the renewal of their tokens off the loop. */
  List<JobChild> boundChildren() {
    return new ArrayList<>(byJob.values());
  }

  /**
   * Any thread but the loop (it writes to pipes): sends each child whose job token is a third from
   * expiring a fresh one: a token lives {@code quern.security.job.token.lifetime}, so one carried
   * off a worker stops working soon after, while the job's own children never hold an expired one.
   */
  void renewBindings(List<JobChild> bound) {
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

  /** Any thread: the child with this id, or null. */
  JobChild byId(String childId) {
    return byId.get(childId);
  }

  /** Loop: who the job's children run as, or null. */
  ChildIdentities.Identity identityOf(String jobId) {
    return jobIdentity.get(jobId);
  }

  /** Loop: kills the job's child and drops its launches waiting for the jar; its exit reaches the exit handler. */
  JobChild remove(String jobId) {
    fetching.remove(jobId);
    JobChild child = byJob.remove(jobId);
    if (child != null) {
      byId.remove(child.childId);
      child.kill();
    }
    return child;
  }

  /**
   * Loop: the job's files are deleted ({@code deleted}) or not, and its logs given back to the
   * worker's user: its identity is let go once nothing of the job's is left that another job
   * given the same identity could read.
   */
  void forget(String jobId, ChildIdentities.Identity id, boolean deleted) {
    jobConfs.forget(jobId);
    if (id == null || !jobIdentity.remove(jobId, id)) {
      return;
    }
    if (deleted) {
      id.release();
    } else {
      LOG.warn("{}: its {} stays reserved while files of the job are left", jobId, id);
    }
  }

  /**
   * Loop: kills every child, the spare too, and drops the launches waiting for jars; with
   * {@code close} no new spare starts. Jobs keep their identities: their files are still here,
   * and their attempts may come back.
   */
  List<JobChild> removeAll(boolean close) {
    closed |= close;
    List<JobChild> all = new ArrayList<>(byId.values());
    byJob.clear();
    byId.clear();
    fetching.clear();
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
   * When the child's process ends, an event on the loop: out of the tables if it is still there (a
   * spare never adopted gives its identity back, since no job's files carry it), then the exit handler.
   */
  private void watchExit(JobChild child) {
    child.onExit(exitCode -> loop.post(() -> {
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
      onExit.accept(child, exitCode);
    }));
  }

  /**
   * Loop: a child removed from the tables while its JVM was starting (its job killed, the pool
   * cleared) is killed now that there is a process; its exit reaches the handler as any other.
   */
  private void killIfRemoved(JobChild child) {
    if (byId.get(child.childId) != child) {
      child.kill();
    }
  }

  /**
   * Loop: a job's child that could not be started or bound: out of the tables, and ended as if it
   * had exited, so the attempts queued on it fail with {@code why}.
   */
  private void failStart(JobChild child, String why) {
    LOG.warn("{}; failing the attempts queued on {}", why, child.childId);
    child.startFailed(why);
    byId.remove(child.childId, child);
    String job = child.jobId();
    if (job != null) {
      byJob.remove(job, child);
    }
    if (child.hasProcess()) {
      child.kill(); // its exit handler reports the end
    } else {
      onExit.accept(child, -1);
    }
  }
}
