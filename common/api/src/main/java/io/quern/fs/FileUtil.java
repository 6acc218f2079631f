package io.quern.fs;

import io.quern.conf.Configuration;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * File operations several formats and daemons need on top of {@link FileSystem}, as Hadoop's
 * {@code FileUtil}: static helpers, no state.
 */
public final class FileUtil {
  private FileUtil() {}

  /**
   * Creates (or overwrites) {@code file}, making its parent directories, with the replication
   * and block size {@code conf} asks for ({@code -D dfs.replication=1} of a job). {@link
   * FileSystem#create(Path)} would use those of the cached instance, which carries the
   * configuration of whoever opened it first (a task child's warm-up, a daemon), not the caller's.
   */
  public static FSDataOutputStream create(Path file, Configuration conf) throws IOException {
    short replication = (short) DfsKeys.REPLICATION.getInt(conf);
    long blockSize = DfsKeys.BLOCK_SIZE.getBytes(conf);
    return file.getFileSystem(conf).create(file, true, 4096, replication, blockSize);
  }

  /**
   * The entries of directory {@code dir} sorted by path, a file listing as itself; empty when
   * {@code dir} does not exist (where {@link FileSystem#listStatus(Path)} throws
   * {@link java.io.FileNotFoundException}).
   */
  public static FileStatus[] listSorted(FileSystem fs, Path dir) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir); // one NameNode call, not an exists() before it
    } catch (java.io.FileNotFoundException e) {
      return new FileStatus[0];
    }
    Arrays.sort(entries, Comparator.comparing((FileStatus s) -> s.getPath().toString()));
    return entries;
  }
}
