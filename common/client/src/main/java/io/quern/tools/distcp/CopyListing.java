package io.quern.tools.distcp;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a distcp copies, listed on the client: every directory and file under the sources (globs
 * expanded), each with its target under the destination, as Hadoop's distcp names them. Without
 * {@code -update} or {@code -overwrite} a source goes <em>under</em> the destination when the
 * destination is an existing directory or there are several sources, else it becomes the
 * destination; with either option a source directory's <em>contents</em> go into the
 * destination (so that running the same command again compares the same files).
 */
public final class CopyListing {
  private CopyListing() {}

  /** The entries for {@code sources} copied to {@code destination}; a missing source is one sentence. */
  public static List<CopyEntry> build(Configuration conf, List<Path> sources, Path destination,
      boolean contentsIntoDestination) throws IOException {
    FileSystem dstFs = destination.getFileSystem(conf);
    Path dst = dstFs.makeQualified(destination);
    FileStatus dstStatus = statusOrNull(dstFs, dst);
    List<FileStatus> roots = new ArrayList<>();
    for (Path source : sources) {
      FileSystem fs = source.getFileSystem(conf);
      FileStatus[] matched = fs.globStatus(source);
      if (matched == null || matched.length == 0) {
        throw new FileNotFoundException("distcp source " + source + " does not exist");
      }
      for (FileStatus s : matched) {
        roots.add(fs.getFileStatus(fs.makeQualified(s.getPath())));
      }
    }
    boolean dstIsDir = dstStatus != null && dstStatus.isDirectory();
    if (roots.size() > 1 && dstStatus != null && !dstIsDir) {
      throw new IllegalArgumentException("the destination " + destination
          + " is a file; several sources need a directory");
    }
    List<CopyEntry> entries = new ArrayList<>();
    for (FileStatus root : roots) {
      Path target;
      if (contentsIntoDestination) {
        target = root.isDirectory() || !dstIsDir ? dst : new Path(dst, root.getPath().getName());
        if (!root.isDirectory() && roots.size() > 1) {
          target = new Path(dst, root.getPath().getName());
        }
      } else {
        target = dstIsDir || roots.size() > 1 ? new Path(dst, root.getPath().getName()) : dst;
      }
      add(root.getPath().getFileSystem(conf), root, target, entries);
    }
    return entries;
  }

  private static void add(FileSystem fs, FileStatus status, Path target, List<CopyEntry> out) throws IOException {
    if (!status.isDirectory()) {
      out.add(new CopyEntry(false, status.getLen(), status.getPath(), target));
      return;
    }
    out.add(new CopyEntry(true, 0, status.getPath(), target));
    for (FileStatus child : fs.listStatus(status.getPath())) {
      add(fs, child, new Path(target, child.getPath().getName()), out);
    }
  }

  static FileStatus statusOrNull(FileSystem fs, Path p) throws IOException {
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    }
  }
}
