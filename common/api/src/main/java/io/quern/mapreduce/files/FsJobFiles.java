package io.quern.mapreduce.files;

import io.quern.conf.Configuration;
import io.quern.fs.BlockLocation;
import io.quern.fs.DfsKeys;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SeekableInput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** {@link JobFiles} over a {@link FileSystem}: the DFS ({@code qfs:}) or the local one ({@code file:}). */
final class FsJobFiles implements JobFiles {
  private final FileSystem fs;
  /** The caller's configuration: the cached file system may carry another one (a child's warm-up). */
  private final Configuration conf;

  FsJobFiles(FileSystem fs) {
    this(fs, null);
  }

  FsJobFiles(FileSystem fs, Configuration conf) {
    this.fs = fs;
    this.conf = conf;
  }

  static JobFiles of(String path, Configuration conf) {
    try {
      return new FsJobFiles(FileSystem.get(new Path(path).toUri(), conf), conf);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no file system for " + path + ": " + e.getMessage(), e);
    }
  }

  private static FileEntry entry(FileStatus s) {
    return new FileEntry(s.getPath().toString(), s.getLen(), s.isDirectory(), s.getBlockSize());
  }

  @Override
  public boolean exists(String path) throws IOException {
    return fs.exists(new Path(path));
  }

  @Override
  public FileEntry status(String path) throws IOException {
    try {
      return entry(fs.getFileStatus(new Path(path)));
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  @Override
  public List<FileEntry> list(String path) throws IOException {
    FileStatus[] listing;
    try {
      listing = fs.listStatus(new Path(path)); // one NameNode call, not an exists() before it
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<FileEntry> out = new ArrayList<>();
    for (FileStatus s : listing) {
      out.add(entry(s));
    }
    out.sort(java.util.Comparator.comparing(FileEntry::path));
    return out;
  }

  @Override
  public SeekableInput open(String path) throws IOException {
    return fs.open(new Path(path));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    if (conf == null) {
      return fs.create(new Path(path), true);
    }
    // Replication and block size of the job (-D dfs.replication=1), not of whoever opened the cached client.
    short replication = (short) DfsKeys.REPLICATION.getInt(conf);
    long blockSize = DfsKeys.BLOCK_SIZE.getBytes(conf);
    return fs.create(new Path(path), true, 4096, replication, blockSize);
  }

  @Override
  public boolean rename(String from, String to) throws IOException {
    // The parent usually exists (a commit moves files into the output): try first, make it only when missing.
    Path src = new Path(from);
    Path dst = new Path(to);
    if (fs.rename(src, dst)) {
      return true;
    }
    Path parent = dst.getParent();
    if (parent == null || fs.exists(parent)) {
      return false;
    }
    fs.mkdirs(parent);
    return fs.rename(src, dst);
  }

  @Override
  public boolean delete(String path, boolean recursive) throws IOException {
    return fs.delete(new Path(path), recursive);
  }

  @Override
  public void mkdirs(String path) throws IOException {
    fs.mkdirs(new Path(path));
  }

  /** The hosts of the block holding {@code start}, as FileInputFormat assigns a split to its first block. */
  @Override
  public List<String> hosts(String path, long start, long length) throws IOException {
    BlockLocation[] blocks = fs.getFileBlockLocations(new Path(path), start, Math.max(1, length));
    if (blocks == null) {
      return List.of();
    }
    for (BlockLocation b : blocks) {
      if (b.getOffset() <= start && start < b.getOffset() + b.getLength()) {
        return List.of(b.getHosts());
      }
    }
    return blocks.length == 0 ? List.of() : List.of(blocks[0].getHosts());
  }
}
