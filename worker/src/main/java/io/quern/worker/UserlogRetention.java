package io.quern.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Deletes task logs past {@code mapred.userlog.retain.hours}: a job's log directory once nothing
 * in it has changed for that long and the worker no longer holds the job, and the child JVMs'
 * own output files ({@code _children}) once that old. Without it a long-running worker's log
 * directory grew without bound. Nothing here follows a link a task may have planted.
 */
final class UserlogRetention {
  private static final Logger LOG = LogManager.getLogger(UserlogRetention.class);

  // Immutable: set at construction.
  private final Path logs;
  private final long retainMillis;
  private final LongSupplier clock;
  private final Predicate<String> held;

  UserlogRetention(Path logs, long retainMillis, LongSupplier clock, Predicate<String> held) {
    this.logs = logs;
    this.retainMillis = retainMillis;
    this.clock = clock;
    this.held = held;
  }

  /** One pass; returns how many job log directories and child output files it deleted. */
  int sweep() {
    if (!Files.isDirectory(logs, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long before = clock.getAsLong() - retainMillis;
    int deleted = 0;
    try (Stream<Path> entries = Files.list(logs)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        try {
          if (name.equals("_children")) {
            deleted += deleteOldFiles(p, before);
          } else if (name.startsWith("job_") && !held.test(name) && newest(p) < before) {
            LocalDirs.deleteTree(p);
            deleted++;
          }
        } catch (IOException e) {
          LOG.warn("cannot delete the old logs {}: {}; trying again next pass", p, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the task logs in {}: {}", logs, e.toString());
    }
    if (deleted > 0) {
      LOG.info("Deleted {} task log entries older than {} h", deleted, retainMillis / 3_600_000.0);
    }
    return deleted;
  }

  /** The latest modification time of anything under {@code dir}, links not followed. */
  private static long newest(Path dir) throws IOException {
    long newest = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toMillis();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
      }
    }
    return newest;
  }

  private static int deleteOldFiles(Path dir, long before) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis() < before) {
          Files.deleteIfExists(f);
          n++;
        }
      }
    }
    return n;
  }
}
