package io.quern.mapreduce.lib.input;

import io.quern.conf.Configuration;
import io.quern.fs.BlockLocation;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Many files (or pieces of them) per split, so that a job over many small files does not run
 * a map per file. Pieces are grouped by the hosts holding their blocks, then by rack, then
 * across racks ({@link CombineSplitPlanner}); a split stops growing once it reaches the
 * maximum size ({@link #setMaxSplitSize}, else {@value FileInputFormat#SPLIT_MAXSIZE}), so it
 * is at most one piece larger. Splitable files are cut into pieces of at most the maximum.
 */
public abstract class CombineFileInputFormat<K, V> extends FileInputFormat<K, V> {
  public static final String SPLIT_MINSIZE_PERNODE = "mapreduce.input.fileinputformat.split.minsize.per.node";
  public static final String SPLIT_MINSIZE_PERRACK = "mapreduce.input.fileinputformat.split.minsize.per.rack";
  /** The rack of hosts whose rack the file system does not tell. */
  static final String DEFAULT_RACK = "/default-rack";

  // The three sizes: confined to the thread computing the splits (set by a subclass's constructor or
  // setters before).
  private long maxSplitSize;
  private long minSplitSizeNode;
  private long minSplitSizeRack;

  protected void setMaxSplitSize(long maxSplitSize) {
    this.maxSplitSize = maxSplitSize;
  }

  protected void setMinSplitSizeNode(long minSplitSizeNode) {
    this.minSplitSizeNode = minSplitSizeNode;
  }

  protected void setMinSplitSizeRack(long minSplitSizeRack) {
    this.minSplitSizeRack = minSplitSizeRack;
  }

  /** Compressed files are read whole. */
  @Override
  protected boolean isSplitable(JobContext context, io.quern.fs.Path file) {
    return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    long maxSize = maxSplitSize != 0 ? maxSplitSize : MapredKeys.SPLIT_MAXSIZE.getLong(conf);
    long minNode = minSplitSizeNode != 0 ? minSplitSizeNode : MapredKeys.SPLIT_MINSIZE_PER_NODE.getLong(conf);
    long minRack = minSplitSizeRack != 0 ? minSplitSizeRack : MapredKeys.SPLIT_MINSIZE_PER_RACK.getLong(conf);
    CombineSplitPlanner planner;
    try {
      planner = new CombineSplitPlanner(maxSize, minNode, minRack);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    List<CombineSplitPlanner.Chunk> chunks = new ArrayList<>();
    for (FileStatus file : listStatus(job)) {
      if (file.getLen() == 0) {
        continue; // nothing to read
      }
      Path path = file.getPath();
      String name = path.toString();
      FileSystem fs = path.getFileSystem(conf);
      BlockLocation[] blocks = fs.getFileBlockLocations(file, 0, file.getLen());
      if (blocks == null || blocks.length == 0) {
        blocks = new BlockLocation[] {new BlockLocation(new String[0], new String[0], 0, file.getLen())};
      }
      if (!isSplitable(job, path)) {
        chunks.add(new CombineSplitPlanner.Chunk(name, 0, file.getLen(), List.of(blocks[0].getHosts()),
            racks(blocks[0])));
        continue;
      }
      for (BlockLocation b : blocks) {
        chunks.addAll(planner.cut(name, b.getOffset(), b.getLength(), List.of(b.getHosts()), racks(b)));
      }
    }
    List<InputSplit> splits = new ArrayList<>();
    for (CombineSplitPlanner.Planned p : planner.plan(chunks)) {
      int n = p.chunks().size();
      Path[] files = new Path[n];
      long[] starts = new long[n];
      long[] lengths = new long[n];
      for (int i = 0; i < n; i++) {
        CombineSplitPlanner.Chunk c = p.chunks().get(i);
        files[i] = new Path(c.path());
        starts[i] = c.offset();
        lengths[i] = c.length();
      }
      splits.add(new CombineFileSplit(files, starts, lengths, p.hosts().toArray(new String[0])));
    }
    return splits;
  }

  /** The racks of a block's hosts, from its topology paths ({@code /rack/host:port}). */
  private static List<String> racks(BlockLocation b) {
    String[] topology = b.getTopologyPaths();
    List<String> out = new ArrayList<>();
    for (String t : topology) {
      int slash = t.lastIndexOf('/');
      String rack = slash <= 0 ? DEFAULT_RACK : t.substring(0, slash);
      if (!out.contains(rack)) {
        out.add(rack);
      }
    }
    if (out.isEmpty() && b.getHosts().length > 0) {
      out.add(DEFAULT_RACK);
    }
    return out;
  }

  /** A reader of a {@link CombineFileSplit}; usually a {@link CombineFileRecordReader}. */
  @Override
  public abstract RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException;
}
