package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.mapreduce.files.JobFiles;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.security.SecretFile;
import io.quern.security.Security;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
final class ChildPool {
  static final String CHILD_OPTS = "mapred.child.java.opts";
  /** The throughput collector: terasort of 1 GB took 19 s with it, 23 s with G1 (BENCHMARKS.md). */
  static final String DEFAULT_CHILD_OPTS = "-Xmx256m -XX:+UseParallelGC";
  private static final Logger LOG = LogManager.getLogger(ChildPool.class);

  /**
   * Options of the worker's own JVM that its children take too, before the job's: the class
   * data archive (children then map the classes instead of loading them, which is most of a
   * child's start), where JVM warnings go, the JIT's early compile of the crypto provider (see
   * quern-config.sh), and the logging configuration.
   */
  private static final List<String> INHERITED_JVM_OPTS = inheritedJvmOpts();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  private final Configuration conf;
  private final LocalDirs dirs;
  private final String workerEndpoint;
  private final String workerId;
  private final int threadsPerChild;
  private final BiConsumer<JobChild, Integer> onExit;
  private final JobTokenIssuer tokens;
  private final ChildIdentities identities;
  /** Who each job's children run as, from its first child here until its files are gone; guarded by this. */
  private final Map<String, ChildIdentities.Identity> jobIdentity = new HashMap<>();
  /** Strings that name the cluster secret: no child sees an environment variable holding one. */
  private final List<String> secretMarkers;
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
  /** The rehearsal scratch directory is open to every child's identity; guarded by this. */
  private boolean scratchShared;
  /** Whether the directory of child JVMs' stdout and stderr was made the worker's own; guarded by this. */
  private boolean childStreamsReady;
  private boolean closed;

  ChildPool(Configuration conf, LocalDirs dirs, String workerId, String workerEndpoint, int threadsPerChild,
      JobTokenIssuer tokens, ChildIdentities identities, BiConsumer<JobChild, Integer> onExit) {
    this.tokens = tokens;
    this.identities = identities;
    this.secretMarkers = Security.enabled(conf)
        ? List.of(SecretFile.path(conf).toString(), SecretFile.path(conf).toAbsolutePath().normalize().toString())
        : List.of();
    this.conf = conf;
    this.dirs = dirs;
    this.workerId = workerId;
    this.workerEndpoint = workerEndpoint;
    this.threadsPerChild = threadsPerChild;
    this.onExit = onExit;
  }

  /**
   * Queues the attempt for its job's child, starting the child if there is none alive.
   * {@code register} learns the child's id before the child can run, or die.
   *
   * <p>The job jar is copied from the DFS before the pool's monitor is taken: the copy may wait
   * out a NameNode restart, and the monitor guards the tables every launch and kill needs.
   * Forking the child and owning its directories are local and quick, and stay under it.
   */
  JobChild submit(TaskLaunch launch, java.util.function.Consumer<String> register) throws IOException {
    while (true) {
      boolean jarFetched = false;
      if (!hasLiveChild(launch.jobId())) {
        fetchJar(launch);
        jarFetched = true;
      }
      JobChild child = submitFetched(launch, register, jarFetched);
      if (child != null) {
        return child;
      }
    }
  }

  private synchronized boolean hasLiveChild(String jobId) {
    JobChild child = byJob.get(jobId);
    return child != null && child.isAlive();
  }

  /** {@link #submit} under the monitor; null when a new child is needed but its jar was not fetched. */
  private synchronized JobChild submitFetched(TaskLaunch launch, java.util.function.Consumer<String> register,
      boolean jarFetched) throws IOException {
    JobChild child = byJob.get(launch.jobId());
    boolean newChild = false;
    if (child == null || !child.isAlive()) {
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
      JobChild adoptable = null;
      if (id == null && opts.equals(spareOpts()) && spare != null && spare.isAlive()) {
        adoptable = spare;
        id = spareIdentity;
        spare = null;
        spareIdentity = null;
      } else if (id == null) {
        id = identities.acquire();
      }
      jobIdentity.put(launch.jobId(), id);
      try {
        // The child writes its attempts' files and logs here; no other job's child may look in.
        id.ownPrivately(dirs.job(launch.jobId()));
        id.ownPrivately(dirs.jobLogs(launch.jobId()));
      } catch (IOException e) {
        if (adoptable != null) {
          byId.remove(adoptable.childId);
          adoptable.kill();
        }
        throw e;
      }
      child = adoptable != null ? adopt(adoptable, binding) : null;
      if (child == null) {
        child = start(binding, opts, id);
      }
      newChild = true;
    }
    register.accept(child.childId);
    child.offer(launch);
    if (newChild && spareDueNanos == 0) {
      spareDueNanos = System.nanoTime() + SPARE_DELAY_NANOS;
    }
    return child;
  }

  /** The former spare {@code child}, bound to the job now; null if it could not be. Guarded by this. */
  private JobChild adopt(JobChild child, ChildBinding binding) {
    try {
      child.bind(binding);
    } catch (IOException e) {
      LOG.info("the spare child JVM {} could not be bound ({}); starting one for {}", child.childId,
          e.getMessage(), binding.subject().jobId());
      byId.remove(child.childId);
      child.kill();
      return null;
    }
    byJob.put(binding.subject().jobId(), child);
    LOG.info("{} takes over the spare child JVM {}", binding.subject().jobId(), child.childId);
    return child;
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
  synchronized void maybeStartSpare(boolean attemptEnded) {
    if (spareDueNanos != 0 && (attemptEnded || System.nanoTime() - spareDueNanos >= 0)) {
      startSpare();
    }
  }

  /** Starts the spare child, if there is none; a failure only costs the next job its warm start. */
  synchronized void startSpare() {
    spareDueNanos = 0;
    if (closed || (spare != null && spare.isAlive())) {
      return;
    }
    ChildIdentities.Identity id = null;
    try {
      id = identities.acquire();
      spare = start(null, spareOpts(), id);
      spareIdentity = id;
    } catch (IOException e) {
      spare = null;
      if (id != null) {
        id.release();
      }
      LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", e.getMessage());
    }
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

  /**
   * The worker's own configuration as a file, written once: children see the settings the
   * worker was started with (ZooKeeper, file system, security), whether they came from site
   * files, -D options or code; but not where the cluster secret is (see {@link ChildConf}).
   */
  private Path workerConfFile() throws IOException {
    Path file = dirs.root().resolve("worker-conf.xml");
    if (!Files.exists(file)) {
      Files.createDirectories(dirs.root());
      Path tmp = Files.createTempFile(dirs.root(), "worker-conf", ".tmp");
      Configuration forChildren = new Configuration(conf);
      ChildConf.withoutSecret(forChildren);
      try (var out = Files.newOutputStream(tmp)) {
        forChildren.writeXml(out);
      }
      Files.setPosixFilePermissions(tmp, READABLE); // by a child running as another user
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }

  /** The spare starts with the worker's value of the child options, which most jobs share. */
  private String spareOpts() {
    return conf.get(CHILD_OPTS, DEFAULT_CHILD_OPTS).trim();
  }

  /**
   * The child options of the launch's job: as in Hadoop, a job sets its own (heap, GC, agents),
   * so a job whose options differ from the spare's gets a child started with them.
   */
  /** The launch's job configuration, without defaults or site files; a copy the caller may change. */
  Configuration jobConf(TaskLaunch launch) {
    return jobConfs.of(launch.jobId(), launch.confXml());
  }

  private String jobChildOpts(TaskLaunch launch) {
    return jobConfs.of(launch.jobId(), launch.confXml()).get(CHILD_OPTS, spareOpts()).trim();
  }

  /** Starts a child bound to a job, or a spare when {@code binding} is null. */
  private JobChild start(ChildBinding binding, String childOpts, ChildIdentities.Identity identity) throws IOException {
    String jobId = binding == null ? null : binding.subject().jobId();
    String childId = "child_" + workerId + "_" + nextChild.incrementAndGet();
    List<String> cmd = new ArrayList<>(identity.commandPrefix());
    cmd.add(JAVA.toString());
    cmd.addAll(INHERITED_JVM_OPTS);
    for (String opt : childOpts.split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt.replace("@taskid@", childId));
      }
    }
    // A child out of memory exits at once, failing its attempts, rather than limping on.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Dquern.log.level=" + WorkerKeys.CHILD_LOG_LEVEL.get(conf));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.quern.worker.child.ChildMain");
    cmd.add(workerEndpoint);
    cmd.add(childId);
    cmd.add(dirs.root().toString());
    cmd.add(dirs.logs().toString());
    cmd.add(Integer.toString(threadsPerChild));
    cmd.add(workerConfFile().toString());
    // Opened by the worker before the child switches user: in the worker's own directory.
    Path stdout = dirs.childStreams().resolve(childId + ".stdout");
    Path stderr = dirs.childStreams().resolve(childId + ".stderr");
    if (!childStreamsReady) {
      io.quern.util.PrivatePaths.privateDir(dirs.childStreams(), "the worker's child log directory");
      childStreamsReady = true;
    }
    Files.createDirectories(dirs.root());
    if (identities.switches() && !scratchShared) {
      ChildIdentities.shareAsScratch(dirs.rehearsals());
      scratchShared = true;
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.PIPE) // the binding comes this way, see ChildBinding
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .directory(dirs.root().toFile());
    ChildConf.scrubEnvironment(pb.environment(), secretMarkers);
    // Inherited by its tasks' programs and all they fork: they are found and stopped when the child ends.
    pb.environment().put(io.quern.streaming.TaskProcesses.CHILD_VARIABLE, childId);
    JobChild child = new JobChild(null, childId, stdout, stderr);
    Process p = pb.start();
    child.started(p);
    if (binding != null) {
      try {
        child.bind(binding);
      } catch (IOException e) {
        p.destroyForcibly();
        throw new IOException("child JVM " + childId + " died before it could be bound to " + jobId + ": "
            + e.getMessage(), e);
      }
      byJob.put(jobId, child);
    }
    byId.put(childId, child);
    LOG.info("started child JVM {} (pid {}) {}", childId, p.pid(), jobId == null ? "as the spare" : "for " + jobId);
    p.onExit().thenAccept(done -> {
      synchronized (this) {
        if (byId.get(childId) == child) {
          byId.remove(childId);
          String job = child.jobId();
          if (job != null && byJob.get(job) == child) {
            byJob.remove(job);
          }
          if (spare == child) {
            spare = null;
            // Never adopted: no job's files carry its identity.
            if (spareIdentity != null) {
              spareIdentity.release();
              spareIdentity = null;
            }
          }
        }
      }
      onExit.accept(child, done.exitValue());
    });
    return child;
  }

  private static List<String> inheritedJvmOpts() {
    List<String> out = new ArrayList<>();
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-Xlog:")
          || arg.startsWith("-XX:CompileCommand=") || arg.startsWith("-Dlog4j2.configurationFile=")) {
        out.add(arg);
      }
    }
    return List.copyOf(out);
  }

  /** Copies the job jar from the staging area to this worker, once per job or per content. */
  private void fetchJar(TaskLaunch launch) throws IOException {
    if (launch.jarPath() == null) {
      return;
    }
    Path jar = dirs.jobJar(launch.jobId(), launch.jarPath());
    if (Files.exists(jar)) {
      // Marks it used, for the pruning of jars no job has used for a day.
      Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
      return;
    }
    Files.createDirectories(jar.getParent());
    fetchJar(launch.jarPath(), jar);
    if (LocalDirs.isContentNamed(jar)) {
      pruneJars(jar.getParent(), jar);
    }
  }

  /** Deletes cached jars unused for a day; a child still running one keeps its open copy. */
  private static void pruneJars(Path dir, Path keep) {
    long cutoff = System.currentTimeMillis() - java.util.concurrent.TimeUnit.DAYS.toMillis(1);
    try (java.util.stream.Stream<Path> jars = Files.list(dir)) {
      for (Path p : jars.toList()) {
        if (!p.equals(keep) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot prune the job jar cache {}: {}", dir, e.toString());
    }
  }

  private void fetchJar(String from, Path to) throws IOException {
    // Named by thread: two launches of one job may fetch its jar at once, outside the monitor.
    Path tmp = to.resolveSibling(to.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
    java.security.MessageDigest sha = io.quern.util.Sha256.newDigest();
    try (SeekableInput in = JobFiles.get(from, conf).open(from); OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        out.write(buf, 0, n);
        sha.update(buf, 0, n);
      }
    }
    // A jar cached by content serves every job naming that content: it must be that content,
    // whoever could write the staged copy.
    String name = to.getFileName().toString();
    String actual = io.quern.util.Sha256.hex(sha);
    if (LocalDirs.isContentNamed(to) && !name.equals(actual + ".jar")) {
      Files.deleteIfExists(tmp);
      throw new IOException("the job jar " + from + " does not hash to its name (SHA-256 " + actual
          + "); refusing to cache or run it");
    }
    Files.setPosixFilePermissions(tmp, READABLE);
    Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * What a child must be able to read to start: the java launcher, the class path, and the
   * files the inherited options name (class data archive, logging configuration).
   */
  static List<Path> childStartFiles() {
    List<Path> out = new ArrayList<>(List.of(JAVA));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      // An entry that does not exist is skipped by the JVM too.
      if (!entry.isEmpty() && Files.exists(Path.of(entry))) {
        out.add(Path.of(entry));
      }
    }
    for (String opt : INHERITED_JVM_OPTS) {
      int eq = opt.indexOf('=');
      if (opt.startsWith("-XX:SharedArchiveFile=") || opt.startsWith("-Dlog4j2.configurationFile=")) {
        out.add(Path.of(opt.substring(eq + 1)));
      }
    }
    return out;
  }
}
