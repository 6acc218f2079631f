package io.quern.mapred;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.util.ReflectionUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An old-API split as the engine carries splits: a new-API split that writes the old one's
 * class name and bytes, and reads them back in the task (with the job's class loader, which
 * the engine hands over as the configuration).
 */
final class SplitBridge extends io.quern.mapreduce.InputSplit implements Writable, Configurable {
  /**
   * With conf: confined to the thread that writes or reads the split (readFields fills it), as any split's
   * state is.
   */
  private InputSplit split;
  private Configuration conf;

  /** For the engine, which reads the fields in the task. */
  SplitBridge() {}

  SplitBridge(InputSplit split) {
    this.split = split;
  }

  /** The old-API split inside a split the engine hands to an old-API job's code. */
  static InputSplit unwrap(io.quern.mapreduce.InputSplit s) throws IOException {
    if (s instanceof SplitBridge bridge) {
      return bridge.split;
    }
    throw new IOException("split " + s + " (" + s.getClass().getName()
        + ") did not come from an old-API input format, yet the job reads its input with one");
  }

  @Override
  public long getLength() throws IOException {
    return split.getLength();
  }

  @Override
  public String[] getLocations() throws IOException {
    String[] hosts = split.getLocations();
    return hosts == null ? new String[0] : hosts;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, split.getClass().getName());
    split.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    String name = Text.readString(in);
    Configuration c = conf != null ? conf : new Configuration(false);
    try {
      Class<? extends InputSplit> cls = c.getClassByName(name).asSubclass(InputSplit.class);
      split = ReflectionUtils.newInstance(cls, conf);
    } catch (ClassNotFoundException e) {
      throw new IOException("input split class " + name + " not found", e);
    } catch (ClassCastException e) {
      throw new IOException("input split class " + name + " does not implement " + InputSplit.class.getName());
    }
    split.readFields(in);
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public String toString() {
    return String.valueOf(split);
  }
}
