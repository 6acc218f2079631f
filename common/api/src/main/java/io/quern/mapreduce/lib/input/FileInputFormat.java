package io.quern.mapreduce.lib.input;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.files.JobFiles.FileEntry;
import io.quern.mapreduce.files.JobFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Input from files: splits follow block boundaries (one split per block by default), each
 * with the hosts of its block, so that maps can run where their data is.
 */
public abstract class FileInputFormat<K, V> extends InputFormat<K, V> {
  public static final String INPUT_DIR = "mapreduce.input.fileinputformat.inputdir";
  public static final String SPLIT_MINSIZE = "mapreduce.input.fileinputformat.split.minsize";
  public static final String SPLIT_MAXSIZE = "mapreduce.input.fileinputformat.split.maxsize";
  /** A last piece up to this much larger than a split joins the split before it. */
  private static final double SPLIT_SLOP = 1.1;

  public static void addInputPath(Job job, String path) {
    Configuration conf = job.getConfiguration();
    path = qualify(conf, path);
    String dirs = conf.get(INPUT_DIR);
    conf.set(INPUT_DIR, dirs == null || dirs.isEmpty() ? path : dirs + "," + path);
  }

  public static void addInputPath(Job job, io.quern.fs.Path path) {
    addInputPath(job, path.toString());
  }

  public static void setInputPaths(Job job, io.quern.fs.Path... paths) {
    String[] s = new String[paths.length];
    for (int i = 0; i < paths.length; i++) {
      s[i] = paths[i].toString();
    }
    setInputPaths(job, s);
  }

  /** Adds comma-separated paths. */
  public static void addInputPaths(Job job, String commaSeparatedPaths) {
    for (String p : commaSeparatedPaths.split(",")) {
      if (!p.isBlank()) {
        addInputPath(job, p.strip());
      }
    }
  }

  public static void setInputPaths(Job job, String... paths) {
    String[] qualified = new String[paths.length];
    for (int i = 0; i < paths.length; i++) {
      qualified[i] = qualify(job.getConfiguration(), paths[i]);
    }
    job.getConfiguration().set(INPUT_DIR, String.join(",", qualified));
  }

  /**
   * A relative path made absolute against the file system's working directory (the user's
   * home in the DFS), as Hadoop does when a path is set: the tasks run elsewhere, in other
   * directories, and must read the same files.
   */
  public static String qualify(Configuration conf, String path) {
    io.quern.fs.Path p = new io.quern.fs.Path(path);
    if (p.isAbsolute() || p.toUri().getScheme() != null) {
      return path;
    }
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve relative path " + path + ": " + e.getMessage(), e);
    }
  }

  public static io.quern.fs.Path[] getInputPaths(JobContext context) {
    String dirs = context.getConfiguration().get(INPUT_DIR, "");
    List<io.quern.fs.Path> out = new ArrayList<>();
    for (String p : dirs.split(",")) {
      if (!p.isBlank()) {
        out.add(new io.quern.fs.Path(p.strip()));
      }
    }
    return out.toArray(new io.quern.fs.Path[0]);
  }

  public static void setMinInputSplitSize(Job job, long size) {
    job.getConfiguration().setLong(SPLIT_MINSIZE, size);
  }

  public static void setMaxInputSplitSize(Job job, long size) {
    job.getConfiguration().setLong(SPLIT_MAXSIZE, size);
  }

  /** Whether a file may be cut into several splits (compressed files may not). */
  protected boolean isSplitable(JobContext context, String file) {
    return true;
  }

  /** The input files: each path's files, skipping names starting with '_' or '.'. */
  protected List<FileEntry> listStatus(JobContext context) throws IOException {
    io.quern.fs.Path[] paths = getInputPaths(context);
    if (paths.length == 0) {
      throw new IOException("no input paths specified in the job");
    }
    List<FileEntry> files = new ArrayList<>();
    for (io.quern.fs.Path path : paths) {
      String p = path.toString();
      JobFiles fs = JobFiles.get(p, context.getConfiguration());
      FileEntry top = fs.status(p);
      if (top == null) {
        throw new FileNotFoundException("input path does not exist: " + p);
      }
      for (FileEntry e : fs.list(p)) {
        if (!e.isDirectory() && !hidden(e.name())) {
          files.add(e);
        }
      }
    }
    return files;
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    long minSize = Math.max(1, conf.getLong(SPLIT_MINSIZE, 1));
    long maxSize = conf.getLong(SPLIT_MAXSIZE, Long.MAX_VALUE);
    List<InputSplit> splits = new ArrayList<>();
    for (FileEntry file : listStatus(context)) {
      JobFiles fs = JobFiles.get(file.path(), conf);
      long length = file.length();
      if (length == 0) {
        splits.add(new FileSplit(file.path(), 0, 0, new String[0]));
        continue;
      }
      if (!isSplitable(context, file.path())) {
        splits.add(new FileSplit(file.path(), 0, length, hosts(fs, file.path(), 0, length)));
        continue;
      }
      long splitSize = Math.max(minSize, Math.min(maxSize, file.blockSize()));
      long remaining = length;
      while ((double) remaining / splitSize > SPLIT_SLOP) {
        long start = length - remaining;
        splits.add(new FileSplit(file.path(), start, splitSize, hosts(fs, file.path(), start, splitSize)));
        remaining -= splitSize;
      }
      long start = length - remaining;
      splits.add(new FileSplit(file.path(), start, remaining, hosts(fs, file.path(), start, remaining)));
    }
    return splits;
  }

  private static String[] hosts(JobFiles fs, String path, long start, long len) throws IOException {
    return fs.hosts(path, start, len).toArray(new String[0]);
  }
}
