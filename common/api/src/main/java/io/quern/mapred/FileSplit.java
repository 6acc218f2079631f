package io.quern.mapred;

import io.quern.fs.Path;
import io.quern.io.Text;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A byte range of one file, with the hosts holding it: the old API's file split.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's FileSplit is).
 */
public class FileSplit implements InputSplit {
  private Path file;
  private long start;
  private long length;
  private String[] hosts = new String[0];

  /** For reading a split back with {@link #readFields}. */
  public FileSplit() {}

  public FileSplit(Path file, long start, long length, String[] hosts) {
    this.file = file;
    this.start = start;
    this.length = length;
    this.hosts = hosts == null ? new String[0] : hosts.clone();
  }

  public Path getPath() {
    return file;
  }

  public long getStart() {
    return start;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public String[] getLocations() {
    return hosts.clone();
  }

  /** The same range as a new-API split, for the new-API readers the old formats reuse. */
  io.quern.mapreduce.lib.input.FileSplit toNewApi() {
    return new io.quern.mapreduce.lib.input.FileSplit(file, start, length, hosts);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, file.toString());
    out.writeLong(start);
    out.writeLong(length);
    // Hosts are for the scheduler only; tasks do not need them.
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    file = new Path(Text.readString(in));
    start = in.readLong();
    length = in.readLong();
    hosts = new String[0];
  }

  @Override
  public String toString() {
    return file + ":" + start + "+" + length;
  }
}
