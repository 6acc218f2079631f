package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.filecache.CacheLocalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A task attempt's working directory, {@code ATTEMPT_DIR/work}: the job's cache files and
 * archives ({@value MRJobConfig#CACHE_FILES}, {@value MRJobConfig#CACHE_ARCHIVES}) appear in it
 * under their link names before the task runs, and its path is set in the task's configuration
 * ({@value MRJobConfig#TASK_WORK_DIR}) for code that opens them or runs programs there
 * (streaming). It lies apart from the map's sorted output beside it, so a shipped file cannot
 * clash with it.
 *
 * <p>Each entry is fetched once per job on a host, into {@value #CACHE_DIR} beside the job's
 * attempt directories ({@link CacheLocalizer}: read-only, deleted with the job), and linked into
 * every attempt's working directory: fetching it from the DFS for every attempt cost a farm of
 * one-line tasks a quarter of its time. A file is hard-linked, so that the task sees a file of
 * its own directory; an unpacked archive, a directory, is reached by a symbolic link.
 */
public final class TaskWorkDir {
  /** The job's shipped files on this host, in the directory that holds its attempts' directories. */
  static final String CACHE_DIR = CacheLocalizer.CACHE_DIR;

  private TaskWorkDir() {}

  /** Fetches the job's cache if need be, makes the working directory under {@code attemptDir} and fills it. */
  public static Path prepare(Configuration conf, Path attemptDir) throws IOException {
    CacheLocalizer.Result cache = CacheLocalizer.localize(conf, attemptDir.toAbsolutePath().getParent(), false);
    return prepare(conf, attemptDir, cache);
  }

  /** Makes the working directory under {@code attemptDir}, links the localized cache into it, and records it in {@code conf}. */
  public static Path prepare(Configuration conf, Path attemptDir, CacheLocalizer.Result cache) throws IOException {
    Path work = attemptDir.resolve("work");
    Files.createDirectories(work);
    for (CacheLocalizer.Localized entry : cache.entries()) {
      Path link = work.resolve(entry.linkName());
      if (entry.archive()) {
        if (!Files.isSymbolicLink(link)) {
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, entry.local());
        }
      } else {
        place(entry.local(), link);
      }
    }
    conf.set(MRJobConfig.TASK_WORK_DIR, work.toString());
    return work;
  }

  /** Links the cached file into the working directory, or copies it where links cannot be made. */
  private static void place(Path cached, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target);
    }
    try {
      Files.createLink(target, cached);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(cached, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
