package io.quern.mapreduce.lib.input;

import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.InputSplit;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Pieces of several files read by one map: for each, its path, first byte and length; the
 * hosts are those holding most of the pieces (for the scheduler only, not sent to tasks).
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's CombineFileSplit is).
 */
public class CombineFileSplit extends InputSplit implements Writable {
  private Path[] paths;
  private long[] startoffset;
  private long[] lengths;
  private String[] locations;
  private long totLength;

  public CombineFileSplit() {}

  public CombineFileSplit(Path[] files, long[] start, long[] lengths, String[] locations) {
    if (files.length != start.length || files.length != lengths.length) {
      throw new IllegalArgumentException("a combined split needs one start and one length per file: "
          + files.length + " files, " + start.length + " starts, " + lengths.length + " lengths");
    }
    this.paths = files.clone();
    this.startoffset = start.clone();
    this.lengths = lengths.clone();
    this.locations = locations == null ? new String[0] : locations.clone();
    for (long l : lengths) {
      totLength += l;
    }
  }

  /** Whole files, from their first byte. */
  public CombineFileSplit(Path[] files, long[] lengths) {
    this(files, new long[files.length], lengths, new String[0]);
  }

  public CombineFileSplit(CombineFileSplit old) throws IOException {
    this(old.getPaths(), old.getStartOffsets(), old.getLengths(), old.getLocations());
  }

  @Override
  public long getLength() {
    return totLength;
  }

  public long[] getStartOffsets() {
    return startoffset.clone();
  }

  public long[] getLengths() {
    return lengths.clone();
  }

  public long getOffset(int i) {
    return startoffset[i];
  }

  public long getLength(int i) {
    return lengths[i];
  }

  public int getNumPaths() {
    return paths.length;
  }

  public Path getPath(int i) {
    return paths[i];
  }

  public Path[] getPaths() {
    return paths.clone();
  }

  @Override
  public String[] getLocations() throws IOException {
    return locations == null ? new String[0] : locations.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(totLength);
    out.writeInt(paths.length);
    for (int i = 0; i < paths.length; i++) {
      Text.writeString(out, paths[i].toString());
      out.writeLong(startoffset[i]);
      out.writeLong(lengths[i]);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    totLength = in.readLong();
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("combined split with a negative number of files " + n);
    }
    paths = new Path[n];
    startoffset = new long[n];
    lengths = new long[n];
    for (int i = 0; i < n; i++) {
      paths[i] = new Path(Text.readString(in));
      startoffset[i] = in.readLong();
      lengths[i] = in.readLong();
    }
    locations = new String[0];
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Paths:");
    for (int i = 0; i < paths.length; i++) {
      b.append(i == 0 ? "" : ",").append(paths[i]).append(':').append(startoffset[i]).append('+').append(lengths[i]);
    }
    if (locations != null && locations.length > 0) {
      b.append(" Locations:").append(String.join(":", locations));
    }
    return b.toString();
  }
}
