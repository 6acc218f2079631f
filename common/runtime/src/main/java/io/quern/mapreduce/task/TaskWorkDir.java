package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.LocalFileSystem;
import io.quern.mapreduce.MRJobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A task attempt's working directory, {@code ATTEMPT_DIR/work}: the job's shipped files
 * ({@value MRJobConfig#CACHE_FILES}) are copied into it before the task runs, executable when
 * their staged copy is, and its path is set in the task's configuration
 * ({@value MRJobConfig#TASK_WORK_DIR}) for code that runs programs there (streaming). It lies
 * apart from the map's sorted output beside it, so a shipped file cannot clash with it.
 */
public final class TaskWorkDir {
  private TaskWorkDir() {}

  /** Makes the working directory under {@code attemptDir}, fills it, and records it in {@code conf}. */
  public static Path prepare(Configuration conf, Path attemptDir) throws IOException {
    Path work = attemptDir.resolve("work");
    Files.createDirectories(work);
    for (String file : conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES)) {
      localize(conf, new io.quern.fs.Path(file), work);
    }
    conf.set(MRJobConfig.TASK_WORK_DIR, work.toString());
    return work;
  }

  private static void localize(Configuration conf, io.quern.fs.Path staged, Path work) throws IOException {
    Path target = work.resolve(staged.getName());
    // Written aside and renamed: a program must never start on half a file.
    Path tmp = work.resolve("." + staged.getName() + ".part");
    FileSystem fs = staged.getFileSystem(conf);
    boolean executable;
    try (InputStream in = fs.open(staged)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      executable = fs instanceof LocalFileSystem
          ? Files.isExecutable(Path.of(staged.toUri().getPath()))
          : (fs.getFileStatus(staged).getPermission().toShort() & 0100) != 0;
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot copy the job's file " + staged + " into the task's working directory: "
          + e.getMessage(), e);
    }
    if (executable && !tmp.toFile().setExecutable(true, true)) {
      throw new IOException("cannot make " + target + " executable");
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
