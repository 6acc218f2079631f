package io.quern.filecache;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.filecache.CacheEntry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Hadoop's {@code DistributedCache} helpers, for jobs written against {@code JobConf} (and for
 * any code holding a {@link Configuration}): files and archives the tasks find in their working
 * directories, and jars and archives on their class path. A URI may end in {@code #name}, the
 * name of its link in the task's working directory (else the file's own name). A URI without
 * scheme is a path of the default file system (the DFS); a {@code file:} URI is a file on the
 * submitting host, which the job client copies into the job's staging directory in the DFS.
 *
 * <p>In a task, {@link #getLocalCacheFiles} and {@link #getLocalCacheArchives} give the copies
 * on the task's host. A Java task's working directory is {@code mapreduce.task.work.dir}, not
 * the JVM's current directory (a job's tasks on a host share one JVM): open a cache file
 * by its name there.
 */
public class DistributedCache {
  protected DistributedCache() {}

  public static void addCacheFile(URI uri, Configuration conf) {
    append(conf, MRJobConfig.CACHE_FILES, CacheEntry.parse(uri.toString()).toSpec());
  }

  public static void addCacheArchive(URI uri, Configuration conf) {
    append(conf, MRJobConfig.CACHE_ARCHIVES, CacheEntry.parse(uri.toString()).toSpec());
  }

  public static void setCacheFiles(URI[] files, Configuration conf) {
    set(conf, MRJobConfig.CACHE_FILES, files);
  }

  public static void setCacheArchives(URI[] archives, Configuration conf) {
    set(conf, MRJobConfig.CACHE_ARCHIVES, archives);
  }

  /** The job's cache files, with their {@code #name} when one was given; null when there are none. */
  public static URI[] getCacheFiles(Configuration conf) {
    return uris(conf, MRJobConfig.CACHE_FILES);
  }

  public static URI[] getCacheArchives(Configuration conf) {
    return uris(conf, MRJobConfig.CACHE_ARCHIVES);
  }

  /** In a task: the local copies of the cache files, in their order; null when there are none. */
  public static Path[] getLocalCacheFiles(Configuration conf) {
    return paths(conf, MRJobConfig.CACHE_LOCAL_FILES);
  }

  /** In a task: the directories the cache archives were unpacked into, in their order. */
  public static Path[] getLocalCacheArchives(Configuration conf) {
    return paths(conf, MRJobConfig.CACHE_LOCAL_ARCHIVES);
  }

  /** Ships {@code file} with the job and puts it on the tasks' class path. */
  public static void addFileToClassPath(Path file, Configuration conf) {
    append(conf, MRJobConfig.CLASSPATH_FILES, file.toString());
    addCacheFile(file.toUri(), conf);
  }

  /** As {@link #addFileToClassPath(Path, Configuration)}, the file qualified by {@code fs}. */
  public static void addFileToClassPath(Path file, Configuration conf, FileSystem fs) {
    addFileToClassPath(fs.makeQualified(file), conf);
  }

  /** Ships {@code archive} with the job and puts the directory it unpacks into on the tasks' class path. */
  public static void addArchiveToClassPath(Path archive, Configuration conf) {
    append(conf, MRJobConfig.CLASSPATH_ARCHIVES, archive.toString());
    addCacheArchive(archive.toUri(), conf);
  }

  public static void addArchiveToClassPath(Path archive, Configuration conf, FileSystem fs) {
    addArchiveToClassPath(fs.makeQualified(archive), conf);
  }

  /** The files on the tasks' class path; null when there are none. */
  public static Path[] getFileClassPaths(Configuration conf) {
    return paths(conf, MRJobConfig.CLASSPATH_FILES);
  }

  public static Path[] getArchiveClassPaths(Configuration conf) {
    return paths(conf, MRJobConfig.CLASSPATH_ARCHIVES);
  }

  /** Kept for Hadoop 1 jobs: links are always made, as in Hadoop 2. */
  @Deprecated
  public static void createSymlink(Configuration conf) {}

  @Deprecated
  public static boolean getSymlink(Configuration conf) {
    return true;
  }

  private static void append(Configuration conf, String key, String value) {
    List<String> values = new ArrayList<>(conf.getTrimmedStringCollection(key));
    if (!values.contains(value)) {
      values.add(value);
    }
    conf.set(key, String.join(",", values));
  }

  private static void set(Configuration conf, String key, URI[] uris) {
    List<String> values = new ArrayList<>();
    for (URI u : uris) {
      values.add(CacheEntry.parse(u.toString()).toSpec());
    }
    conf.set(key, String.join(",", values));
  }

  private static URI[] uris(Configuration conf, String key) {
    List<String> values = conf.getTrimmedStringCollection(key);
    if (values.isEmpty()) {
      return null;
    }
    URI[] out = new URI[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = CacheEntry.parse(values.get(i)).toUri();
    }
    return out;
  }

  private static Path[] paths(Configuration conf, String key) {
    List<String> values = conf.getTrimmedStringCollection(key);
    if (values.isEmpty()) {
      return null;
    }
    Path[] out = new Path[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Path(values.get(i));
    }
    return out;
  }
}
