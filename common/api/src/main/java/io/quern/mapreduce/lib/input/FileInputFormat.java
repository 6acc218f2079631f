package io.quern.mapreduce.lib.input;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.fs.BlockLocation;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.fs.PathFilter;
import io.quern.mapreduce.MapredKeys;
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

  public static final String PATHFILTER_CLASS = "mapreduce.input.pathFilter.class";
  public static final String INPUT_DIR_RECURSIVE = "mapreduce.input.fileinputformat.input.dir.recursive";

  /** A filter every listed input path must pass too, besides the hidden-file rule. */
  public static void setInputPathFilter(Job job, Class<? extends PathFilter> filter) {
    job.getConfiguration().setClass(PATHFILTER_CLASS, filter, PathFilter.class);
  }

  public static PathFilter getInputPathFilter(JobContext context) {
    Class<?> c = context.getConfiguration().getClass(PATHFILTER_CLASS, null);
    return c == null ? null : (PathFilter) io.quern.util.ReflectionUtils.newInstance(c, context.getConfiguration());
  }

  public static void setInputDirRecursive(Job job, boolean recursive) {
    job.getConfiguration().setBoolean(INPUT_DIR_RECURSIVE, recursive);
  }

  /** Whether a file may be cut into several splits (compressed files may not). */
  protected boolean isSplitable(JobContext context, Path filename) {
    return true;
  }

  /**
   * The input files, as Hadoop lists them: each input path is a glob; a matching directory
   * gives its files (and its subdirectories' too with {@value #INPUT_DIR_RECURSIVE}); names
   * starting with '_' or '.' and paths the job's {@link PathFilter} refuses are left out.
   */
  protected List<FileStatus> listStatus(JobContext context) throws IOException {
    Path[] paths = getInputPaths(context);
    if (paths.length == 0) {
      throw new IOException("no input paths specified in the job");
    }
    Configuration conf = context.getConfiguration();
    PathFilter userFilter = getInputPathFilter(context);
    PathFilter filter = p -> !hidden(p.getName()) && (userFilter == null || userFilter.accept(p));
    boolean recursive = MapredKeys.INPUT_DIR_RECURSIVE.getBoolean(conf);
    List<FileStatus> files = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Path path : paths) {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        missing.add(path.toString());
        continue;
      }
      for (FileStatus m : matches) {
        if (!filter.accept(m.getPath())) {
          continue;
        }
        if (m.isDirectory()) {
          addFiles(fs, m.getPath(), filter, recursive, files);
        } else {
          files.add(m);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new FileNotFoundException("input path does not exist: " + String.join(", ", missing));
    }
    return files;
  }

  private static void addFiles(FileSystem fs, Path dir, PathFilter filter, boolean recursive, List<FileStatus> out)
      throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      if (!filter.accept(child.getPath())) {
        continue;
      }
      if (!child.isDirectory()) {
        out.add(child);
      } else if (recursive) {
        addFiles(fs, child.getPath(), filter, true, out);
      }
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  protected long computeSplitSize(long blockSize, long minSize, long maxSize) {
    return Math.max(minSize, Math.min(maxSize, blockSize));
  }

  protected FileSplit makeSplit(Path file, long start, long length, String[] hosts) {
    return new FileSplit(file, start, length, hosts);
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    long minSize = Math.max(1, MapredKeys.SPLIT_MINSIZE.getLong(conf));
    long maxSize = MapredKeys.SPLIT_MAXSIZE.getLong(conf);
    List<InputSplit> splits = new ArrayList<>();
    for (FileStatus file : listStatus(context)) {
      Path path = file.getPath();
      long length = file.getLen();
      if (length == 0) {
        splits.add(makeSplit(path, 0, 0, new String[0]));
        continue;
      }
      BlockLocation[] blocks = path.getFileSystem(conf).getFileBlockLocations(file, 0, length);
      if (!isSplitable(context, path)) {
        splits.add(makeSplit(path, 0, length, blockHosts(blocks, 0)));
        continue;
      }
      long splitSize = computeSplitSize(file.getBlockSize(), minSize, maxSize);
      long remaining = length;
      while ((double) remaining / splitSize > SPLIT_SLOP) {
        long start = length - remaining;
        splits.add(makeSplit(path, start, splitSize, blockHosts(blocks, start)));
        remaining -= splitSize;
      }
      long start = length - remaining;
      splits.add(makeSplit(path, start, remaining, blockHosts(blocks, start)));
    }
    return splits;
  }

  /**
   * The hosts of the block that holds {@code offset}: where a split starting there is local
   * (the first block's when none holds it; none when {@code blocks} is null or empty).
   */
  protected static String[] blockHosts(BlockLocation[] blocks, long offset) throws IOException {
    if (blocks == null || blocks.length == 0) {
      return new String[0];
    }
    for (BlockLocation b : blocks) {
      if (b.getOffset() <= offset && offset < b.getOffset() + b.getLength()) {
        return b.getHosts();
      }
    }
    return blocks[0].getHosts();
  }
}
