package io.quern.mapreduce.lib.output;

import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.LocalFileSystem;
import io.quern.fs.Path;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local disk under the scheme {@code counted:}, counting each file system call by name: on
 * the DFS each of these is a NameNode call (an empty file's create is two: create and complete),
 * so the counts are what a commit costs the NameNode. Set {@code fs.counted.impl} to this class.
 */
public final class CountingFileSystem extends LocalFileSystem {
  public static final String SCHEME = "counted";
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** The calls counted since the last reset, by name. */
  static TreeMap<String, Integer> calls() {
    TreeMap<String, Integer> out = new TreeMap<>();
    CALLS.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  static int total() {
    return CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  static void reset() {
    CALLS.clear();
  }

  private static void count(String call) {
    CALLS.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public Path makeQualified(Path p) {
    Path abs = p.isAbsolute() || getWorkingDirectory() == null ? p : new Path(getWorkingDirectory(), p);
    return new Path(SCHEME, null, abs.toUri().getPath());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    count("open");
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize)
      throws IOException {
    count("create");
    return super.create(f, overwrite, bufferSize, replication, blockSize);
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    count("delete");
    return super.delete(f, recursive);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    count("rename");
    return super.rename(src, dst);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    count("mkdirs");
    return super.mkdirs(f);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    count("getFileStatus");
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    count("listStatus");
    return super.listStatus(f);
  }
}
