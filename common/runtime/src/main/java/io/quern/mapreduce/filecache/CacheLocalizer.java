package io.quern.mapreduce.filecache;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.LocalFileSystem;
import io.quern.mapreduce.MRJobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Brings a job's distributed cache ({@value MRJobConfig#CACHE_FILES},
 * {@value MRJobConfig#CACHE_ARCHIVES}) to the host of its tasks: each entry is fetched once per
 * job on the host, by the first of the job's attempts there that needs it, into {@value #CACHE_DIR}
 * in the job's local directory, under its link name; archives are unpacked there into a
 * directory ({@link ArchiveUnpacker}). It runs in the job's task JVM, as the job's user, in the
 * job's own directory: the worker itself never touches what a job ships.
 *
 * <p>A fetched file must be what was submitted: the length and modification time the client
 * recorded ({@value MRJobConfig#CACHE_FILES_SIZES}, {@value MRJobConfig#CACHE_FILES_TIMESTAMPS})
 * are checked against the file system before the copy, and the bytes copied against the length.
 * Copies are read-only, and appear whole or not at all (written aside, then renamed), since the
 * job's attempts on the host share them and may fetch them at once.
 */
public final class CacheLocalizer {
  /** The job's cache on this host, in the job's local directory beside its attempts' directories. */
  public static final String CACHE_DIR = "shipped-files";

  /** One cache entry on this host: its link name, local copy and whether it is an unpacked archive. */
  public record Localized(String linkName, Path local, boolean archive) {}

  /** The entries on this host, files then archives, and what of them goes on the class path, in order. */
  public record Result(List<Localized> entries, List<Path> classPath) {
    public static final Result EMPTY = new Result(List.of(), List.of());
  }

  private CacheLocalizer() {}

  /**
   * Fetches (once per job on this host) the job's cache entries into {@code jobDir}, and records
   * their local copies in {@code conf} ({@value MRJobConfig#CACHE_LOCAL_FILES},
   * {@value MRJobConfig#CACHE_LOCAL_ARCHIVES}). With {@code classPathOnly}, only the entries on
   * the class path, which a job's cleanup task needs for the job's committer.
   */
  public static Result localize(Configuration conf, Path jobDir, boolean classPathOnly) throws IOException {
    List<CacheEntry> files = CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES));
    List<CacheEntry> archives = CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.CACHE_ARCHIVES));
    if (files.isEmpty() && archives.isEmpty()) {
      return Result.EMPTY;
    }
    List<String> cpFiles = conf.getTrimmedStringCollection(MRJobConfig.CLASSPATH_FILES);
    List<String> cpArchives = conf.getTrimmedStringCollection(MRJobConfig.CLASSPATH_ARCHIVES);
    Path cache = jobDir.toAbsolutePath().resolve(CACHE_DIR);
    List<Localized> entries = new ArrayList<>();
    List<String> localFiles = new ArrayList<>();
    List<String> localArchives = new ArrayList<>();
    List<String> sizes = conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES_SIZES);
    List<String> times = conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES_TIMESTAMPS);
    for (int i = 0; i < files.size(); i++) {
      CacheEntry e = files.get(i);
      boolean onClassPath = indexIn(cpFiles, e) >= 0;
      if (classPathOnly && !onClassPath) {
        continue;
      }
      Path local = fetchFile(conf, e, cache, number(sizes, i), number(times, i));
      Localized l = new Localized(e.linkName(), local, false);
      entries.add(l);
      localFiles.add(local.toString());
    }
    List<String> archiveSizes = conf.getTrimmedStringCollection(MRJobConfig.CACHE_ARCHIVES_SIZES);
    List<String> archiveTimes = conf.getTrimmedStringCollection(MRJobConfig.CACHE_ARCHIVES_TIMESTAMPS);
    for (int i = 0; i < archives.size(); i++) {
      CacheEntry e = archives.get(i);
      boolean onClassPath = indexIn(cpArchives, e) >= 0;
      if (classPathOnly && !onClassPath) {
        continue;
      }
      Path local = fetchArchive(conf, e, cache, number(archiveSizes, i), number(archiveTimes, i));
      Localized l = new Localized(e.linkName(), local, true);
      entries.add(l);
      localArchives.add(local.toString());
    }
    if (!classPathOnly) {
      conf.set(MRJobConfig.CACHE_LOCAL_FILES, String.join(",", localFiles));
      conf.set(MRJobConfig.CACHE_LOCAL_ARCHIVES, String.join(",", localArchives));
    }
    // In the order the class path keys give, as Hadoop builds the task's class path.
    List<Path> classPath = new ArrayList<>();
    addInOrder(classPath, cpFiles, files, entries, false);
    addInOrder(classPath, cpArchives, archives, entries, true);
    return new Result(List.copyOf(entries), List.copyOf(classPath));
  }

  private static void addInOrder(List<Path> classPath, List<String> keys, List<CacheEntry> cacheEntries,
      List<Localized> localized, boolean archive) {
    for (String key : keys) {
      for (CacheEntry e : cacheEntries) {
        if (matches(key, e)) {
          for (Localized l : localized) {
            if (l.archive() == archive && l.linkName().equals(e.linkName()) && !classPath.contains(l.local())) {
              classPath.add(l.local());
            }
          }
          break;
        }
      }
    }
  }

  private static int indexIn(List<String> classPath, CacheEntry e) {
    for (int i = 0; i < classPath.size(); i++) {
      if (matches(classPath.get(i), e)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a class path entry (a URI, or a path as Hadoop stores it) names the cache entry's file. */
  private static boolean matches(String classPathEntry, CacheEntry e) {
    URI cp = CacheEntry.parse(classPathEntry).source();
    return cp.equals(e.source()) || (cp.getScheme() == null && cp.getPath().equals(e.source().getPath()));
  }

  private static long number(List<String> values, int i) {
    try {
      return i < values.size() ? Long.parseLong(values.get(i)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The job's copy of a cache file on this host, fetched by the first attempt that needs it. */
  private static Path fetchFile(Configuration conf, CacheEntry e, Path cache, long size, long time)
      throws IOException {
    Path target = cache.resolve(e.linkName());
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    Files.createDirectories(cache);
    Path tmp = cache.resolve("." + e.linkName() + "." + UUID.randomUUID() + ".part");
    boolean executable = copy(conf, e, tmp, size, time, "file");
    // Read-only: every attempt of the job on this host shares it.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "r-x------" : "r--------"));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** The directory a cache archive is unpacked into on this host, fetched and unpacked once per job. */
  private static Path fetchArchive(Configuration conf, CacheEntry e, Path cache, long size, long time)
      throws IOException {
    Path target = cache.resolve(e.linkName());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    String shown = shown(e.source());
    ArchiveFormat format;
    try {
      format = ArchiveFormat.require(e.source().getPath(), shown);
    } catch (IllegalArgumentException bad) {
      throw new IOException(bad.getMessage(), bad);
    }
    Files.createDirectories(cache);
    String aside = "." + e.linkName() + "." + UUID.randomUUID();
    Path fetched = cache.resolve(aside + ".archive");
    Path unpacked = cache.resolve(aside + ".part");
    try {
      copy(conf, e, fetched, size, time, "archive");
      ArchiveUnpacker.unpack(fetched, format, unpacked, shown, ArchiveUnpacker.Limits.of(conf));
      try {
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw raced;
        }
        // Another attempt of the job here unpacked it first.
      }
      return target;
    } finally {
      Files.deleteIfExists(fetched);
      deleteTree(unpacked);
    }
  }

  /**
   * Copies the entry to {@code to}, checked against the file system's length and modification
   * time and the ones recorded at submission; returns whether the file may be executed.
   */
  private static boolean copy(Configuration conf, CacheEntry e, Path to, long size, long time, String what)
      throws IOException {
    io.quern.fs.Path source = new io.quern.fs.Path(e.source());
    String shown = shown(e.source());
    try {
      FileSystem fs = source.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(source);
      if ((size >= 0 && st.getLen() != size) || (time >= 0 && st.getModificationTime() != time)) {
        throw new IOException("the job's cache " + what + " " + shown + " changed after the job was submitted ("
            + st.getLen() + " bytes modified at " + st.getModificationTime() + ", not " + size + " bytes at " + time
            + "); the task does not use it");
      }
      long copied;
      try (InputStream in = fs.open(source); OutputStream out = Files.newOutputStream(to)) {
        copied = in.transferTo(out);
      }
      if (copied != st.getLen()) {
        throw new IOException("the job's cache " + what + " " + shown + " was read as " + copied
            + " bytes, not the " + st.getLen() + " its file system reports");
      }
      return fs instanceof LocalFileSystem
          ? Files.isExecutable(Path.of(source.toUri().getPath()))
          : (st.getPermission().toShort() & 0100) != 0;
    } catch (IOException failure) {
      Files.deleteIfExists(to);
      if (failure.getMessage() != null && failure.getMessage().startsWith("the job's cache")) {
        throw failure;
      }
      throw new IOException("cannot fetch the job's cache " + what + " " + shown + " to this host: "
          + failure.getMessage(), failure);
    }
  }

  private static String shown(URI uri) {
    return CacheEntry.shown(uri);
  }

  /** Deletes a directory tree without following links. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
