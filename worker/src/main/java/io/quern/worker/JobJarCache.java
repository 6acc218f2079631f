package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.protocol.mapred.TaskLaunch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The worker's copies of job jars, fetched from the staging area (DFS or file system) once per
 * job, or once per content for a jar staged under its SHA-256, which is then checked: a jar
 * cached by content serves every job naming that content. Callers fetch outside any monitor
 * the pool's calls need: a fetch may wait out a NameNode restart.
 */
final class JobJarCache {
  private static final Logger LOG = LogManager.getLogger(JobJarCache.class);
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  // Immutable: set at construction.
  private final Configuration conf;
  private final LocalDirs dirs;

  JobJarCache(Configuration conf, LocalDirs dirs) {
    this.conf = conf;
    this.dirs = dirs;
  }

  /** Copies the job jar from the staging area to this worker, once per job or per content. */
  void fetch(TaskLaunch launch) throws IOException {
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
    copy(launch.jarPath(), jar);
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

  private void copy(String from, Path to) throws IOException {
    // Named by thread: two launches of one job may fetch its jar at once, outside the monitor.
    Path tmp = to.resolveSibling(to.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
    java.security.MessageDigest sha = io.quern.util.Sha256.newDigest();
    // No file system for the staged jar, or no jar: the launch fails with the reason.
    io.quern.fs.Path staged = new io.quern.fs.Path(from);
    try (SeekableInput in = staged.getFileSystem(conf).open(staged); OutputStream out = Files.newOutputStream(tmp)) {
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
}
