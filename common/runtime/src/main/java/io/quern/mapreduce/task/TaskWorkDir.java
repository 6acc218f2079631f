package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.LocalFileSystem;
import io.quern.mapreduce.MRJobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * A task attempt's working directory, {@code ATTEMPT_DIR/work}: the job's shipped files
 * ({@value MRJobConfig#CACHE_FILES}) are placed in it before the task runs, executable when
 * their staged copy is, and its path is set in the task's configuration
 * ({@value MRJobConfig#TASK_WORK_DIR}) for code that runs programs there (streaming). It lies
 * apart from the map's sorted output beside it, so a shipped file cannot clash with it.
 *
 * <p>Each file is fetched once per job on a host, into {@value #CACHE_DIR} beside the job's
 * attempt directories (read-only, deleted with the job), and linked into every attempt's
 * working directory: fetching it from the DFS for every attempt cost a farm of one-line tasks
 * a quarter of its time.
 */
public final class TaskWorkDir {
  /** The job's shipped files on this host, in the directory that holds its attempts' directories. */
  static final String CACHE_DIR = "shipped-files";

  private TaskWorkDir() {}

  /** Makes the working directory under {@code attemptDir}, fills it, and records it in {@code conf}. */
  public static Path prepare(Configuration conf, Path attemptDir) throws IOException {
    Path work = attemptDir.resolve("work");
    Files.createDirectories(work);
    Path cache = attemptDir.toAbsolutePath().getParent().resolve(CACHE_DIR);
    for (String file : conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES)) {
      io.quern.fs.Path staged = new io.quern.fs.Path(file);
      place(cached(conf, staged, cache), work.resolve(staged.getName()));
    }
    conf.set(MRJobConfig.TASK_WORK_DIR, work.toString());
    return work;
  }

  /** The job's copy of a shipped file on this host, fetched by the first attempt that needs it. */
  private static Path cached(Configuration conf, io.quern.fs.Path staged, Path cache) throws IOException {
    Path target = cache.resolve(staged.getName());
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    Files.createDirectories(cache);
    // Written aside and renamed: neither a program nor a concurrent attempt may see half a file.
    Path tmp = cache.resolve("." + staged.getName() + "." + UUID.randomUUID() + ".part");
    FileSystem fs = staged.getFileSystem(conf);
    boolean executable;
    try (InputStream in = fs.open(staged)) {
      Files.copy(in, tmp);
      executable = fs instanceof LocalFileSystem
          ? Files.isExecutable(Path.of(staged.toUri().getPath()))
          : (fs.getFileStatus(staged).getPermission().toShort() & 0100) != 0;
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot copy the job's file " + staged + " into the task's working directory: "
          + e.getMessage(), e);
    }
    // Read-only: every attempt of the job on this host shares it.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "r-x------" : "r--------"));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** Links the cached file into the working directory, or copies it where links cannot be made. */
  private static void place(Path cached, Path target) throws IOException {
    Files.deleteIfExists(target);
    try {
      Files.createLink(target, cached);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(cached, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
