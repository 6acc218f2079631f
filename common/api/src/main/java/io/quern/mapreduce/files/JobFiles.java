package io.quern.mapreduce.files;

import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The few file operations the MapReduce formats, committer and job client need, over the
 * file system of a path ({@code io.quern.fs.FileSystem}: the DFS for {@code qfs:} and
 * scheme-less paths by default, the local disk for {@code file:}). Paths are strings as the
 * job configuration holds them.
 *
 * <p>Being folded into {@link io.quern.fs.FileSystem} and {@link io.quern.fs.FileUtil}: new code
 * uses those; {@code FileOutputCommitter} is the last user, and this goes with it.
 */
public interface JobFiles {
  boolean exists(String path) throws IOException;

  /** The file or directory, or null when there is none. */
  FileEntry status(String path) throws IOException;

  /** The entries of a directory, sorted by name; a file lists as itself. */
  List<FileEntry> list(String path) throws IOException;

  SeekableInput open(String path) throws IOException;

  /** Creates (or overwrites) a file, making its parent directories. */
  OutputStream create(String path) throws IOException;

  /** Renames, making the target's parent when missing; false when the source is missing or the target exists. */
  boolean rename(String from, String to) throws IOException;

  boolean delete(String path, boolean recursive) throws IOException;

  void mkdirs(String path) throws IOException;

  /** Hosts holding the bytes {@code [start, start+length)} of a file; empty when unknown. */
  List<String> hosts(String path, long start, long length) throws IOException;

  /** The file system of a path under a configuration. */
  static JobFiles get(String path, Configuration conf) {
    return FsJobFiles.of(path, conf);
  }

  /** A file or directory: its path as given to this store, length and block size. */
  record FileEntry(String path, long length, boolean isDirectory, long blockSize) {
    public String name() {
      int slash = path.lastIndexOf('/');
      return slash < 0 ? path : path.substring(slash + 1);
    }
  }
}
