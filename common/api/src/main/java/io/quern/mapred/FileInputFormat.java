package io.quern.mapred;

import io.quern.conf.Configuration;
import io.quern.fs.BlockLocation;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.MapredKeys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The old API's input from files. The paths are the new API's ({@code
 * mapreduce.input.fileinputformat.inputdir}, globs allowed). Splits follow Hadoop 1: the
 * split size is the total input divided by the hinted number of maps, but no more than a
 * block and no less than {@code mapreduce.input.fileinputformat.split.minsize}; each split
 * carries the hosts of the block it starts in.
 */
public abstract class FileInputFormat<K, V> implements InputFormat<K, V> {
  static final String INPUT_DIR = io.quern.mapreduce.lib.input.FileInputFormat.INPUT_DIR;
  static final String SPLIT_MINSIZE = io.quern.mapreduce.lib.input.FileInputFormat.SPLIT_MINSIZE;
  /** A last piece up to this much larger than a split joins the split before it. */
  private static final double SPLIT_SLOP = 1.1;

  /** Confined to the thread computing the splits (a subclass sets it before). */
  private long minSplitSize = 1;

  /** Replaces the job's input paths. */
  public static void setInputPaths(JobConf job, Path... paths) {
    List<String> qualified = new ArrayList<>();
    for (Path p : paths) {
      qualified.add(qualify(job, p));
    }
    job.set(INPUT_DIR, String.join(",", qualified));
  }

  /** Replaces the job's input paths with comma-separated ones. */
  public static void setInputPaths(JobConf job, String commaSeparatedPaths) {
    setInputPaths(job, split(commaSeparatedPaths).toArray(new Path[0]));
  }

  public static void addInputPath(JobConf job, Path path) {
    String dirs = job.get(INPUT_DIR);
    String p = qualify(job, path);
    job.set(INPUT_DIR, dirs == null || dirs.isBlank() ? p : dirs + "," + p);
  }

  /** Adds comma-separated paths. */
  public static void addInputPaths(JobConf job, String commaSeparatedPaths) {
    for (Path p : split(commaSeparatedPaths)) {
      addInputPath(job, p);
    }
  }

  public static Path[] getInputPaths(JobConf job) {
    return split(job.get(INPUT_DIR, "")).toArray(new Path[0]);
  }

  private static List<Path> split(String commaSeparated) {
    List<Path> out = new ArrayList<>();
    for (String p : commaSeparated.split(",")) {
      if (!p.isBlank()) {
        out.add(new Path(p.strip()));
      }
    }
    return out;
  }

  /** Relative paths resolve against the file system's working directory, as the new API's do. */
  private static String qualify(Configuration conf, Path p) {
    return io.quern.mapreduce.lib.input.FileInputFormat.qualify(conf, p.toString());
  }

  /** Splits no smaller than this (a format's own floor; the job's setting may raise it). */
  protected void setMinSplitSize(long minSplitSize) {
    this.minSplitSize = minSplitSize;
  }

  /** Whether a file may be cut into several splits (compressed files may not). */
  protected boolean isSplitable(FileSystem fs, Path filename) {
    return true;
  }

  /** The input files: what each path or glob names, a directory's files, skipping names starting with '_' or '.'. */
  protected FileStatus[] listStatus(JobConf job) throws IOException {
    Path[] paths = getInputPaths(job);
    if (paths.length == 0) {
      throw new IOException("no input paths specified in the job");
    }
    List<FileStatus> files = new ArrayList<>();
    for (Path p : paths) {
      FileSystem fs = p.getFileSystem(job);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException("input path does not exist: " + p);
      }
      for (FileStatus m : matches) {
        FileStatus[] entries = m.isDirectory() ? fs.listStatus(m.getPath()) : new FileStatus[] {m};
        Arrays.sort(entries); // by path: the same maps in the same order on every run
        for (FileStatus f : entries) {
          if (!f.isDirectory() && !hidden(f.getPath().getName())) {
            files.add(f);
          }
        }
      }
    }
    return files.toArray(new FileStatus[0]);
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    FileStatus[] files = listStatus(job);
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen();
    }
    long goalSize = total / Math.max(1, numSplits);
    long minSize = Math.max(minSplitSize, Math.max(1, MapredKeys.SPLIT_MINSIZE.getLong(job)));
    List<InputSplit> splits = new ArrayList<>();
    for (FileStatus file : files) {
      Path path = file.getPath();
      FileSystem fs = path.getFileSystem(job);
      long length = file.getLen();
      if (length == 0) {
        splits.add(new FileSplit(path, 0, 0, new String[0]));
        continue;
      }
      BlockLocation[] blocks = fs.getFileBlockLocations(file, 0, length);
      if (!isSplitable(fs, path)) {
        splits.add(new FileSplit(path, 0, length, hostsAt(blocks, 0)));
        continue;
      }
      long splitSize = Math.max(minSize, Math.min(goalSize, file.getBlockSize()));
      long remaining = length;
      while ((double) remaining / splitSize > SPLIT_SLOP) {
        long start = length - remaining;
        splits.add(new FileSplit(path, start, splitSize, hostsAt(blocks, start)));
        remaining -= splitSize;
      }
      long start = length - remaining;
      splits.add(new FileSplit(path, start, remaining, hostsAt(blocks, start)));
    }
    return splits.toArray(new InputSplit[0]);
  }

  /** The hosts of the block holding {@code offset}; none when the file system does not say. */
  private static String[] hostsAt(BlockLocation[] blocks, long offset) throws IOException {
    if (blocks == null) {
      return new String[0];
    }
    for (BlockLocation b : blocks) {
      if (offset >= b.getOffset() && offset < b.getOffset() + b.getLength()) {
        return b.getHosts();
      }
    }
    return new String[0];
  }

  @Override
  public abstract RecordReader<K, V> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException;
}
