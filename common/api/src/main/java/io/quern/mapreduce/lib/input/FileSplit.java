package io.quern.mapreduce.lib.input;

import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.InputSplit;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A byte range of one file, with the hosts holding it.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's FileSplit is).
 */
public class FileSplit extends InputSplit implements Writable {
  private String file;
  private long start;
  private long length;
  private String[] hosts;

  public FileSplit() {}

  public FileSplit(io.quern.fs.Path file, long start, long length, String[] hosts) {
    this(file.toString(), start, length, hosts);
  }

  public FileSplit(String file, long start, long length, String[] hosts) {
    this.file = file;
    this.start = start;
    this.length = length;
    this.hosts = hosts.clone();
  }

  public io.quern.fs.Path getPath() {
    return new io.quern.fs.Path(file);
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
    return hosts == null ? new String[0] : hosts.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, file);
    out.writeLong(start);
    out.writeLong(length);
    // Hosts are for the scheduler only; tasks do not need them.
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    file = Text.readString(in);
    start = in.readLong();
    length = in.readLong();
    hosts = new String[0];
  }

  @Override
  public String toString() {
    return file + ":" + start + "+" + length;
  }
}
