package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.conf.CoreKeys;
import io.quern.conf.UserName;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The file system API of Hadoop's {@code org.apache.hadoop.fs.FileSystem}: {@code qfs:} is the
 * Quern DFS (found through ZooKeeper; Hadoop's {@code hdfs:} reaches it too), {@code file:} the
 * local disk. {@link #get} returns a
 * shared instance per scheme, authority and cluster; {@link #newInstance} a private one. Closing
 * a shared instance removes it from the cache.
 */
public abstract class FileSystem extends Configured implements Closeable {
  public static final String FS_DEFAULT_NAME_KEY = "fs.defaultFS";

  /** Instances are shared per file system and per user ({@code quern.user.name}), as Hadoop keys its cache by UGI. */
  private record Key(String scheme, String authority, String cluster, String user) {}

  /** Guarded by itself. */
  private static final Map<Key, FileSystem> CACHE = new HashMap<>();
  /** Instances being created, by key. Guarded by CACHE. */
  private static final Map<Key, CompletableFuture<FileSystem>> CREATING = new HashMap<>();
  /** Immutable. */
  private static final Map<String, String> BUILT_IN = Map.of(
      "file", "io.quern.fs.LocalFileSystem",
      "qfs", "io.quern.fs.DistributedFileSystem",
      // Hadoop's scheme, so that hdfs:// paths in ported jobs and scripts reach the Quern DFS.
      "hdfs", "io.quern.fs.DistributedFileSystem");

  /** Guarded by CACHE. */
  private Key cacheKey;
  /**
   * volatile: a cached instance is shared by every thread of the process; set by initialize and
   * setWorkingDirectory, read by any of them.
   */
  private volatile Path workingDir;

  public static URI getDefaultUri(Configuration conf) {
    return URI.create(CoreKeys.FS_DEFAULT_NAME.get(conf));
  }

  public static FileSystem get(Configuration conf) throws IOException {
    return get(getDefaultUri(conf), conf);
  }

  public static FileSystem get(URI uri, Configuration conf) throws IOException {
    uri = withScheme(uri, conf);
    Key key = keyOf(uri, conf);
    CompletableFuture<FileSystem> mine = new CompletableFuture<>();
    CompletableFuture<FileSystem> pending;
    synchronized (CACHE) {
      FileSystem fs = CACHE.get(key);
      if (fs != null) {
        return fs;
      }
      // One creator per key: a second caller waits for the first instead of connecting a client
      // of its own (a child's warm-up and its first attempt ask at the same moment).
      pending = CREATING.putIfAbsent(key, mine);
    }
    if (pending != null) {
      return awaitCreation(pending);
    }
    try {
      FileSystem fs = create(uri, conf);
      synchronized (CACHE) {
        fs.cacheKey = key;
        CACHE.put(key, fs);
        CREATING.remove(key);
      }
      mine.complete(fs);
      return fs;
    } catch (IOException | RuntimeException | Error e) {
      synchronized (CACHE) {
        CREATING.remove(key);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static FileSystem awaitCreation(CompletableFuture<FileSystem> pending) throws IOException {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while another thread connects the file system");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause.getMessage(), cause);
    }
  }

  /** A private instance that {@link #get} never returns; the caller closes it. */
  public static FileSystem newInstance(URI uri, Configuration conf) throws IOException {
    return create(withScheme(uri, conf), conf);
  }

  public static FileSystem newInstance(Configuration conf) throws IOException {
    return newInstance(getDefaultUri(conf), conf);
  }

  public static LocalFileSystem getLocal(Configuration conf) throws IOException {
    return (LocalFileSystem) get(URI.create("file:///"), conf);
  }

  /** Closes every cached instance (tests, shutdown). */
  public static void closeAll() throws IOException {
    List<FileSystem> all;
    synchronized (CACHE) {
      all = List.copyOf(CACHE.values());
    }
    for (FileSystem fs : all) {
      fs.close();
    }
  }

  private static URI withScheme(URI uri, Configuration conf) {
    return uri.getScheme() == null ? getDefaultUri(conf) : uri;
  }

  private static Key keyOf(URI uri, Configuration conf) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String cluster = scheme.equals("file") ? ""
        : CoreKeys.ZOOKEEPER_QUORUM.get(conf) + "/" + CoreKeys.CLUSTER_ID.get(conf);
    return new Key(scheme, uri.getAuthority() == null ? "" : uri.getAuthority(), cluster, UserName.of(conf));
  }

  private static FileSystem create(URI uri, Configuration conf) throws IOException {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    // As in Hadoop, fs.<scheme>.impl names the class, so a scheme's implementation is pluggable.
    String impl = conf.get("fs." + scheme + ".impl", BUILT_IN.get(scheme));
    if (impl == null) {
      throw new IOException("No file system for scheme '" + scheme + "' (use qfs:, hdfs: or file:).");
    }
    FileSystem fs;
    try {
      fs = Class.forName(impl, true, conf.getClassLoader()).asSubclass(FileSystem.class)
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IOException("Cannot load file system class " + impl + " for scheme '" + scheme + "': " + e, e);
    }
    fs.initialize(uri, conf);
    return fs;
  }

  /** Connects; called once, right after construction. */
  public void initialize(URI uri, Configuration conf) throws IOException {
    setConf(conf);
    workingDir = getHomeDirectory();
  }

  public abstract URI getUri();

  public abstract String getScheme();

  // ---- paths

  /**
   * {@code /user/NAME} of the user this file system acts as ({@code quern.user.name}, else the
   * OS user): a task runs under a user id of its own but acts as the job's user, and resolves
   * relative paths (terasort's partition file) under that user's home, as the client did.
   */
  public Path getHomeDirectory() {
    String user = getConf() == null ? System.getProperty("user.name") : io.quern.conf.UserName.of(getConf());
    return makeQualified(new Path("/user/" + user));
  }

  public Path getWorkingDirectory() {
    return workingDir;
  }

  public void setWorkingDirectory(Path dir) {
    workingDir = makeQualified(dir);
  }

  /** Resolves {@code p} against the working directory and adds this file system's scheme. */
  public Path makeQualified(Path p) {
    Path abs = p.isAbsolute() ? p : new Path(workingDir, p);
    String scheme = abs.toUri().getScheme();
    if (scheme != null && !scheme.equalsIgnoreCase(getScheme())) {
      throw new IllegalArgumentException("Wrong FS: " + p + ", expected: " + getUri());
    }
    return new Path(getScheme(), getUri().getAuthority(), abs.toUri().getPath());
  }

  /** The path part of {@code p} after qualification: what the file system itself works on. */
  protected String pathOf(Path p) {
    return makeQualified(p).toUri().getPath();
  }

  // ---- operations

  public FSDataInputStream open(Path f) throws IOException {
    return open(f, 4096);
  }

  public abstract FSDataInputStream open(Path f, int bufferSize) throws IOException;

  /** A builder that opens {@code f} with options (read policy, split, buffer size), as Hadoop 3 code opens files. */
  public FutureDataInputStreamBuilder openFile(Path f) {
    return new OpenFileBuilder(this, f);
  }

  public FSDataOutputStream create(Path f) throws IOException {
    return create(f, true);
  }

  public FSDataOutputStream create(Path f, boolean overwrite) throws IOException {
    return create(f, overwrite, 4096, getDefaultReplication(), getDefaultBlockSize());
  }

  public abstract FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize) throws IOException;

  /**
   * Opens an existing file to write at its end, as Hadoop's {@code append}; file systems that
   * cannot append refuse.
   */
  public FSDataOutputStream append(Path f) throws IOException {
    throw new IOException("Append is not supported by " + getScheme() + ": file systems.");
  }

  /** True when something was deleted; false when {@code f} did not exist. */
  public abstract boolean delete(Path f, boolean recursive) throws IOException;

  /** False (not an exception) when the rename cannot be done, as in Hadoop. */
  public abstract boolean rename(Path src, Path dst) throws IOException;

  public abstract boolean mkdirs(Path f) throws IOException;

  public abstract FileStatus getFileStatus(Path f) throws IOException;

  public abstract FileStatus[] listStatus(Path f) throws IOException;

  /** The entries of {@code f} that {@code filter} accepts, as Hadoop's overload. */
  public FileStatus[] listStatus(Path f, PathFilter filter) throws IOException {
    return java.util.Arrays.stream(listStatus(f)).filter(s -> filter.accept(s.getPath())).toArray(FileStatus[]::new);
  }

  /** Sets the mode of {@code f}; file systems without permissions refuse. */
  public void setPermission(Path f, io.quern.fs.permission.FsPermission permission) throws IOException {
    throw new IOException(getScheme() + ": file systems do not support setting permissions.");
  }

  /** Sets the owner and/or group of {@code f} (null keeps it); file systems without owners refuse. */
  public void setOwner(Path f, String owner, String group) throws IOException {
    throw new IOException(getScheme() + ": file systems do not support setting owners.");
  }

  /**
   * The files and directories matching a glob such as {@code /out/part-*} or
   * {@code /logs/2026-{01,02}/*}, sorted by path. Like Hadoop: null when a path without
   * wildcards does not exist, an empty array when a pattern matches nothing.
   */
  public FileStatus[] globStatus(Path pattern) throws IOException {
    pattern = makeQualified(pattern);
    String path = pattern.toUri().getPath();
    if (!GlobPattern.hasWildcard(path)) {
      return exists(pattern) ? new FileStatus[] {getFileStatus(pattern)} : null;
    }
    java.util.List<Path> current = java.util.List.of(new Path(pattern.toUri().getScheme(),
        pattern.toUri().getAuthority(), path.startsWith("/") ? "/" : "."));
    for (String component : path.split("/")) {
      if (component.isEmpty()) {
        continue;
      }
      java.util.List<Path> next = new java.util.ArrayList<>();
      if (!GlobPattern.hasWildcard(component)) {
        for (Path dir : current) {
          Path child = new Path(dir, component);
          if (exists(child)) {
            next.add(child);
          }
        }
      } else {
        GlobPattern glob = new GlobPattern(component);
        for (Path dir : current) {
          FileStatus st = getFileStatus(dir);
          if (!st.isDirectory()) {
            continue;
          }
          for (FileStatus child : listStatus(dir)) {
            if (glob.matches(child.getPath().getName())) {
              next.add(child.getPath());
            }
          }
        }
      }
      current = next;
    }
    java.util.List<FileStatus> out = new java.util.ArrayList<>();
    for (Path p : current) {
      out.add(getFileStatus(p));
    }
    out.sort(java.util.Comparator.comparing(s -> s.getPath().toString()));
    return out.toArray(new FileStatus[0]);
  }

  public boolean exists(Path f) throws IOException {
    try {
      getFileStatus(f);
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  public boolean isDirectory(Path f) throws IOException {
    try {
      return getFileStatus(f).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  public boolean isFile(Path f) throws IOException {
    try {
      return getFileStatus(f).isFile();
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  public boolean setReplication(Path f, short replication) throws IOException {
    return true;
  }

  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) throws IOException {
    if (file == null) {
      return null;
    }
    if (start < 0 || len < 0) {
      throw new IllegalArgumentException("Invalid start or len parameter");
    }
    if (file.getLen() <= start) {
      return new BlockLocation[0];
    }
    return new BlockLocation[] {
        new BlockLocation(new String[] {"localhost:0"}, new String[] {"localhost"}, 0, file.getLen())};
  }

  public BlockLocation[] getFileBlockLocations(Path p, long start, long len) throws IOException {
    return getFileBlockLocations(getFileStatus(p), start, len);
  }

  /** Capacity and use of the file system holding {@code p}; file systems that cannot tell refuse. */
  public FsStatus getStatus(Path p) throws IOException {
    throw new IOException(getScheme() + ": file systems do not report their capacity.");
  }

  public FsStatus getStatus() throws IOException {
    return getStatus(new Path("/"));
  }

  public short getDefaultReplication() {
    return 1;
  }

  /** The replication a new file at {@code path} gets; the same for every path here. */
  public short getDefaultReplication(Path path) {
    return getDefaultReplication();
  }

  public long getDefaultBlockSize() {
    return DfsKeys.BLOCK_SIZE.getBytes(getConf());
  }

  /** The block size a new file at {@code path} gets; the same for every path here. */
  public long getDefaultBlockSize(Path path) {
    return getDefaultBlockSize();
  }

  @Override
  public void close() throws IOException {
    synchronized (CACHE) {
      if (cacheKey != null && CACHE.get(cacheKey) == this) {
        CACHE.remove(cacheKey);
      }
    }
  }
}
