package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.mapreduce.files.JobFiles;
import io.quern.protocol.TaskLaunch;
import java.io.File;
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
 * One child JVM per job on this worker, started with the job's first attempt here and
 * reused for its later ones. The child's class path is the worker's plus the job jar, copied
 * from the staging area once per job. When a child exits, the exit handler learns its id and
 * exit code, so that the attempts it ran can be failed.
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
    if (child == null || !child.isAlive()) {
      child = start(launch, register);
    } else {
      register.accept(child.childId);
    }
    child.offer(launch);
    return child;
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

  synchronized List<JobChild> removeAll() {
    List<JobChild> all = new ArrayList<>(byJob.values());
    byJob.clear();
    byId.clear();
    all.forEach(JobChild::kill);
    return all;
  }

  private JobChild start(TaskLaunch launch, java.util.function.Consumer<String> register) throws IOException {
    String jobId = launch.jobId();
    String childId = "child_" + jobId.substring(4) + "_" + workerId + "_" + nextChild.incrementAndGet();
    register.accept(childId);
    Files.createDirectories(dirs.job(jobId));
    String classPath = System.getProperty("java.class.path");
    if (launch.jarPath() != null) {
      Path jar = dirs.jobJar(jobId);
      if (!Files.exists(jar)) {
        fetchJar(launch.jarPath(), jar);
      }
      classPath = jar + File.pathSeparator + classPath;
    }
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
    cmd.add(classPath);
    cmd.add("io.quern.worker.child.ChildMain");
    cmd.add(workerEndpoint);
    cmd.add(childId);
    cmd.add(dirs.root().toString());
    cmd.add(dirs.logs().toString());
    cmd.add(Integer.toString(threadsPerChild));
    Path stdout = dirs.childLog(jobId, childId, "stdout");
    Path stderr = dirs.childLog(jobId, childId, "stderr");
    Files.createDirectories(stdout.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .directory(dirs.job(jobId).toFile());
    JobChild child = new JobChild(jobId, childId);
    Process p = pb.start();
    child.started(p);
    byJob.put(jobId, child);
    byId.put(childId, child);
    LOG.info("{} started child JVM {} (pid {})", jobId, childId, p.pid());
    p.onExit().thenAccept(done -> {
      synchronized (this) {
        if (byId.get(childId) == child) {
          byId.remove(childId);
          byJob.remove(jobId);
        }
      }
      onExit.accept(child, done.exitValue());
    });
    return child;
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
