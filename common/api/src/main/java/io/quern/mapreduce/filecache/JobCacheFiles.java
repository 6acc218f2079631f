package io.quern.mapreduce.filecache;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.MRJobConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job client makes of a job's distributed cache before it submits the job. The files,
 * archives and jars of the generic options ({@value MRJobConfig#SHIP_FILES},
 * {@value MRJobConfig#SHIP_ARCHIVES}, {@value MRJobConfig#SHIP_JARS}) and of the API
 * ({@value MRJobConfig#CACHE_FILES}, {@value MRJobConfig#CACHE_ARCHIVES}, the class path keys)
 * become one list of files and one of archives that tasks can fetch: a file on the client's disk
 * ({@code file:}) is handed to an {@link Uploader} (the cluster runner copies it into the job's
 * staging directory in the DFS, since workers share no disk with the client; the local runner uses
 * it in place), a DFS file is used where it is, a path without scheme is one of the default file
 * system. Jars go on the class path too.
 *
 * <p>Everything is checked before anything is uploaded: each entry must exist and be a file
 * (else one sentence naming it), archives must be of a format Quern unpacks, and no two entries
 * may take the same name in the task's working directory. Each entry's length and modification
 * time are recorded, so that a task refuses a copy that is not what was submitted.
 */
public final class JobCacheFiles {
  /** Where a file on the client's disk goes for the tasks; {@code kind} is files, archives or libjars. */
  public interface Uploader {
    URI upload(java.nio.file.Path local, String kind) throws IOException;
  }

  static final String FILES = "files";
  static final String ARCHIVES = "archives";
  static final String LIBJARS = "libjars";

  // Confined to the submitting thread that collects the job's files, as is all state below.
  private final Configuration conf;
  /** Entries in their order, with the kind of upload a local one gets. */
  private final List<Pending> files = new ArrayList<>();
  private final List<Pending> archives = new ArrayList<>();
  private final List<String> classPathFiles = new ArrayList<>();
  private final List<String> classPathArchives = new ArrayList<>();

  private record Pending(CacheEntry entry, String kind, boolean onClassPath) {}

  private JobCacheFiles(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Rewrites the job's cache keys in {@code conf} to the entries the tasks fetch, uploading
   * local files through {@code uploader}; throws, having uploaded nothing, when an entry is missing
   * or unusable.
   */
  public static void resolve(Configuration conf, Uploader uploader) throws IOException {
    JobCacheFiles job = new JobCacheFiles(conf);
    try {
      job.collect();
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    List<FileStatus> fileStatus = job.check(job.files, "file");
    List<FileStatus> archiveStatus = job.check(job.archives, "archive");
    job.place(uploader, fileStatus, archiveStatus);
  }

  /** Whether the job has anything in its cache, so that a runner can skip the work. */
  public static boolean isEmpty(Configuration conf) {
    for (String key : List.of(MRJobConfig.SHIP_FILES, MRJobConfig.SHIP_ARCHIVES, MRJobConfig.SHIP_JARS,
        MRJobConfig.CACHE_FILES, MRJobConfig.CACHE_ARCHIVES, MRJobConfig.CLASSPATH_FILES,
        MRJobConfig.CLASSPATH_ARCHIVES)) {
      if (!conf.getTrimmedStringCollection(key).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private void collect() {
    List<String> cpFiles = conf.getTrimmedStringCollection(MRJobConfig.CLASSPATH_FILES);
    List<String> cpArchives = conf.getTrimmedStringCollection(MRJobConfig.CLASSPATH_ARCHIVES);
    for (CacheEntry e : CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.CACHE_FILES))) {
      boolean onClassPath = onClassPath(e, cpFiles);
      add(files, new Pending(e, onClassPath ? LIBJARS : FILES, onClassPath));
    }
    for (CacheEntry e : CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.SHIP_FILES))) {
      add(files, new Pending(e, FILES, false));
    }
    for (CacheEntry e : CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.SHIP_JARS))) {
      add(files, new Pending(e, LIBJARS, true));
    }
    for (CacheEntry e : CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.CACHE_ARCHIVES))) {
      add(archives, new Pending(e, ARCHIVES, onClassPath(e, cpArchives)));
    }
    for (CacheEntry e : CacheEntry.parseAll(conf.getTrimmedStringCollection(MRJobConfig.SHIP_ARCHIVES))) {
      add(archives, new Pending(e, ARCHIVES, false));
    }
    // A class path entry set by hand, without its cache entry, is shipped all the same.
    for (String cp : cpFiles) {
      if (files.stream().noneMatch(p -> p.onClassPath() && sameFile(p.entry().source(), cp))) {
        add(files, new Pending(CacheEntry.parse(cp), LIBJARS, true));
      }
    }
    for (String cp : cpArchives) {
      if (archives.stream().noneMatch(p -> p.onClassPath() && sameFile(p.entry().source(), cp))) {
        add(archives, new Pending(CacheEntry.parse(cp), ARCHIVES, true));
      }
    }
    Map<String, CacheEntry> byName = new HashMap<>();
    for (List<Pending> list : List.of(files, archives)) {
      for (Pending p : list) {
        CacheEntry other = byName.putIfAbsent(p.entry().linkName(), p.entry());
        if (other != null && other != p.entry()) {
          throw new IllegalArgumentException("the job's cache entries " + shown(other.source()) + " and "
              + shown(p.entry().source()) + " would both be '" + p.entry().linkName()
              + "' in the task's working directory; give one another name with #NAME");
        }
      }
      if (list == archives) {
        for (Pending p : list) {
          ArchiveFormat.require(p.entry().source().getPath(), shown(p.entry().source()));
        }
      }
    }
  }

  /** Adds an entry unless the same one is there; an entry on the class path stays there. */
  private static void add(List<Pending> list, Pending p) {
    for (int i = 0; i < list.size(); i++) {
      Pending old = list.get(i);
      if (old.entry().equals(p.entry())) {
        if (p.onClassPath() && !old.onClassPath()) {
          list.set(i, new Pending(old.entry(), old.kind(), true));
        }
        return;
      }
    }
    list.add(p);
  }

  private boolean onClassPath(CacheEntry e, List<String> classPath) {
    return classPath.stream().anyMatch(cp -> sameFile(e.source(), cp));
  }

  /** Whether a class path entry (a URI or a path, as Hadoop stores it) names the cache entry's file. */
  private static boolean sameFile(URI source, String classPathEntry) {
    URI cp = CacheEntry.parse(classPathEntry).source();
    return cp.equals(source) || (cp.getScheme() == null && cp.getPath().equals(source.getPath()));
  }

  /** The status of each entry; one sentence for the first that is missing or no file. */
  private List<FileStatus> check(List<Pending> entries, String what) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (Pending p : entries) {
      URI source = p.entry().source();
      if (isLocal(source)) {
        java.nio.file.Path local = java.nio.file.Path.of(source);
        if (!Files.exists(local)) {
          throw new FileNotFoundException("the job's cache " + what + " " + local + " does not exist");
        }
        if (!Files.isRegularFile(local) || !Files.isReadable(local)) {
          throw new IOException("the job's cache " + what + " " + local + " is not a readable file");
        }
        out.add(null); // known once uploaded
        continue;
      }
      Path path = new Path(source);
      FileStatus st;
      try {
        st = path.getFileSystem(conf).getFileStatus(path);
      } catch (FileNotFoundException e) {
        throw new FileNotFoundException("the job's cache " + what + " " + shown(source) + " does not exist");
      }
      if (st.isDirectory()) {
        throw new IOException("the job's cache " + what + " " + shown(source) + " is a directory, not a file");
      }
      out.add(st);
    }
    return out;
  }

  private void place(Uploader uploader, List<FileStatus> fileStatus, List<FileStatus> archiveStatus)
      throws IOException {
    Map<URI, URI> placed = new LinkedHashMap<>();
    List<String> fileSpecs = new ArrayList<>();
    List<String> archiveSpecs = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    List<String> times = new ArrayList<>();
    List<String> archiveSizes = new ArrayList<>();
    List<String> archiveTimes = new ArrayList<>();
    placeAll(uploader, files, fileStatus, placed, fileSpecs, sizes, times, classPathFiles);
    placeAll(uploader, archives, archiveStatus, placed, archiveSpecs, archiveSizes, archiveTimes, classPathArchives);
    set(MRJobConfig.CACHE_FILES, fileSpecs);
    set(MRJobConfig.CACHE_FILES_SIZES, sizes);
    set(MRJobConfig.CACHE_FILES_TIMESTAMPS, times);
    set(MRJobConfig.CLASSPATH_FILES, classPathFiles);
    set(MRJobConfig.CACHE_ARCHIVES, archiveSpecs);
    set(MRJobConfig.CACHE_ARCHIVES_SIZES, archiveSizes);
    set(MRJobConfig.CACHE_ARCHIVES_TIMESTAMPS, archiveTimes);
    set(MRJobConfig.CLASSPATH_ARCHIVES, classPathArchives);
  }

  private void placeAll(Uploader uploader, List<Pending> entries, List<FileStatus> status, Map<URI, URI> placed,
      List<String> specs, List<String> sizes, List<String> times, List<String> classPath) throws IOException {
    for (int i = 0; i < entries.size(); i++) {
      Pending p = entries.get(i);
      URI source = p.entry().source();
      FileStatus st = status.get(i);
      URI target = placed.get(source);
      if (target == null) {
        if (isLocal(source)) {
          target = uploader.upload(java.nio.file.Path.of(source), p.kind());
        } else {
          Path path = new Path(source);
          target = path.getFileSystem(conf).makeQualified(path).toUri();
        }
        placed.put(source, target);
      }
      if (st == null) {
        Path path = new Path(target);
        st = path.getFileSystem(conf).getFileStatus(path);
      }
      CacheEntry e = p.entry().movedTo(target);
      specs.add(e.toSpec());
      sizes.add(Long.toString(st.getLen()));
      times.add(Long.toString(st.getModificationTime()));
      if (p.onClassPath()) {
        classPath.add(e.source().toString());
      }
    }
  }

  private void set(String key, List<String> values) {
    if (values.isEmpty()) {
      conf.unset(key);
    } else {
      conf.set(key, String.join(",", values));
    }
  }

  static boolean isLocal(URI uri) {
    return "file".equalsIgnoreCase(uri.getScheme());
  }

  /** How a message names an entry: a local file by its path. */
  static String shown(URI uri) {
    return CacheEntry.shown(uri);
  }
}
