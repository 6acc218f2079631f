package io.quern.mapreduce.lib.join;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableUtils;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The splits of one join task: split {@code i} of every source, in the order of the join
 * expression's sources. It travels as each split's class name and length-prefixed bytes, and
 * is rebuilt in the task with the job's class loader (the configuration the engine hands it).
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's CompositeInputSplit is).
 */
public class CompositeInputSplit extends InputSplit implements Writable, Configurable {
  private final List<InputSplit> splits = new ArrayList<>();
  private Configuration conf;

  public CompositeInputSplit() {}

  public CompositeInputSplit(int capacity) {}

  /** Adds the next source's split; it must be Writable to reach the task. */
  public void add(InputSplit s) {
    if (!(s instanceof Writable)) {
      throw new IllegalArgumentException("input split class " + s.getClass().getName() + " must implement Writable");
    }
    splits.add(s);
  }

  /** The split of source {@code i}. */
  public InputSplit get(int i) {
    return splits.get(i);
  }

  public int size() {
    return splits.size();
  }

  /** The length of source {@code i}'s split. */
  public long getLength(int i) throws IOException, InterruptedException {
    return splits.get(i).getLength();
  }

  /** The hosts of source {@code i}'s split. */
  public String[] getLocation(int i) throws IOException, InterruptedException {
    return splits.get(i).getLocations();
  }

  @Override
  public long getLength() throws IOException, InterruptedException {
    long sum = 0;
    for (InputSplit s : splits) {
      sum += s.getLength();
    }
    return sum;
  }

  /** Every host of every source's split, each once: the task reads from all of them. */
  @Override
  public String[] getLocations() throws IOException, InterruptedException {
    Set<String> hosts = new LinkedHashSet<>();
    for (InputSplit s : splits) {
      for (String h : s.getLocations()) {
        hosts.add(h);
      }
    }
    return hosts.toArray(new String[0]);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, splits.size());
    DataOutputBuffer bytes = new DataOutputBuffer();
    for (InputSplit s : splits) {
      Text.writeString(out, s.getClass().getName());
      bytes.reset();
      ((Writable) s).write(bytes);
      // Length-prefixed, so a split that reads less than it wrote cannot shift the next one.
      WritableUtils.writeVInt(out, bytes.getLength());
      out.write(bytes.getData(), 0, bytes.getLength());
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    if (n < 0) {
      throw new IOException("composite input split with a negative count " + n);
    }
    splits.clear();
    Configuration c = conf != null ? conf : new Configuration(false);
    DataInputBuffer buffer = new DataInputBuffer();
    for (int i = 0; i < n; i++) {
      String name = Text.readString(in);
      int length = WritableUtils.readVInt(in);
      if (length < 0) {
        throw new IOException("split " + i + " of a composite input split has a negative length " + length);
      }
      byte[] b = new byte[length];
      in.readFully(b);
      Class<?> cls;
      try {
        cls = c.getClassByName(name);
      } catch (ClassNotFoundException e) {
        throw new IOException("split class " + name + " of a composite input split not found", e);
      }
      if (!InputSplit.class.isAssignableFrom(cls) || !Writable.class.isAssignableFrom(cls)) {
        throw new IOException("class " + name + " in a composite input split is not a Writable InputSplit");
      }
      InputSplit s = (InputSplit) ReflectionUtil.newInstance(cls, conf);
      buffer.reset(b, length);
      ((Writable) s).readFields(buffer);
      splits.add(s);
    }
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
    return "CompositeInputSplit" + splits;
  }
}
