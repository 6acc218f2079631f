package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.mapreduce.files.JobFiles;
import io.quern.protocol.TaskLaunch;
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
  private static final Logger LOG = LogManager.getLogger(ChildPool.class);

  private final Configuration conf;
  private final LocalDirs dirs;
  private final String workerEndpoint;
  private final String workerId;
  private final int threadsPerChild;
  private final BiConsumer<JobChild, Integer> onExit;
  private final Map<String, JobChild> byJob = new HashMap<>();
  private final Map<String, JobChild> byId = new HashMap<>();
  private final AtomicInteger nextChild = new AtomicInteger();
  /** The warm child without a job, or null; guarded by this. */
  private JobChild spare;
  private boolean closed;

  ChildPool(Configuration conf, LocalDirs dirs, String workerId, String workerEndpoint, int threadsPerChild,
      BiConsumer<JobChild, Integer> onExit) {
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
   */
  synchronized JobChild submit(TaskLaunch launch, java.util.function.Consumer<String> register) throws IOException {
    JobChild child = byJob.get(launch.jobId());
    boolean newChild = false;
    if (child == null || !child.isAlive()) {
      fetchJar(launch);
      if (spare != null && spare.isAlive()) {
        child = spare;
        spare = null;
        child.adopt(launch.jobId());
        byJob.put(launch.jobId(), child);
        LOG.info("{} takes over the spare child JVM {}", launch.jobId(), child.childId);
      } else {
        child = start(launch.jobId());
      }
      newChild = true;
    }
    register.accept(child.childId);
    child.offer(launch);
    if (newChild) {
      // After the offer: the attempt need not wait for the fork of the next spare.
      startSpare();
    }
    return child;
  }

  /** Starts the spare child, if there is none; a failure only costs the next job its warm start. */
  synchronized void startSpare() {
    if (closed || (spare != null && spare.isAlive())) {
      return;
    }
    try {
      spare = start(null);
    } catch (IOException e) {
      spare = null;
      LOG.warn("cannot start a spare child JVM: {}; the next job starts its own", e.getMessage());
    }
  }

  synchronized JobChild byId(String childId) {
    return byId.get(childId);
  }

  synchronized JobChild ofJob(String jobId) {
    return byJob.get(jobId);
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

  /** Kills every child, the spare too; with {@code close} no new spare starts. */
  synchronized List<JobChild> removeAll(boolean close) {
    closed |= close;
    List<JobChild> all = new ArrayList<>(byId.values());
    byJob.clear();
    byId.clear();
    spare = null;
    all.forEach(JobChild::kill);
    return all;
  }

  /**
   * The worker's own configuration as a file, written once: children see the settings the
   * worker was started with (ZooKeeper, file system, security), whether they came from site
   * files, -D options or code.
   */
  private Path workerConfFile() throws IOException {
    Path file = dirs.root().resolve("worker-conf.xml");
    if (!Files.exists(file)) {
      Files.createDirectories(dirs.root());
      Path tmp = Files.createTempFile(dirs.root(), "worker-conf", ".tmp");
      try (var out = Files.newOutputStream(tmp)) {
        conf.writeXml(out);
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }

  /** Starts a child for the job, or a spare when {@code jobId} is null. */
  private JobChild start(String jobId) throws IOException {
    String childId = "child_" + workerId + "_" + nextChild.incrementAndGet();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String opt : conf.get(CHILD_OPTS, "-Xmx256m").trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt.replace("@taskid@", childId));
      }
    }
    // A child out of memory exits at once, failing its attempts, rather than limping on.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Dquern.log.level=" + conf.get("mapred.child.log.level", "WARN"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.quern.worker.child.ChildMain");
    cmd.add(workerEndpoint);
    cmd.add(childId);
    cmd.add(dirs.root().toString());
    cmd.add(dirs.logs().toString());
    cmd.add(Integer.toString(threadsPerChild));
    cmd.add(workerConfFile().toString());
    String logDir = jobId == null ? "_children" : jobId;
    Path stdout = dirs.childLog(logDir, childId, "stdout");
    Path stderr = dirs.childLog(logDir, childId, "stderr");
    Files.createDirectories(stdout.getParent());
    Files.createDirectories(dirs.root());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .directory(dirs.root().toFile());
    JobChild child = new JobChild(jobId, childId, stdout, stderr);
    Process p = pb.start();
    child.started(p);
    if (jobId != null) {
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
          }
        }
      }
      onExit.accept(child, done.exitValue());
    });
    return child;
  }

  /** Copies the job jar from the staging area to this worker, once per job. */
  private void fetchJar(TaskLaunch launch) throws IOException {
    if (launch.jarPath() == null) {
      return;
    }
    Path jar = dirs.jobJar(launch.jobId());
    if (!Files.exists(jar)) {
      Files.createDirectories(jar.getParent());
      fetchJar(launch.jarPath(), jar);
    }
  }

  private void fetchJar(String from, Path to) throws IOException {
    Path tmp = to.resolveSibling("job.jar.tmp");
    try (SeekableInput in = JobFiles.get(from, conf).open(from); OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        out.write(buf, 0, n);
      }
    }
    Files.move(tmp, to);
  }
}
