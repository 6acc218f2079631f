package io.quern.mapreduce.lib.input;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A split of one of {@link MultipleInputs}' paths, tagged with the input format that reads it
 * and the mapper that maps it. It travels to the task as the class names and the inner
 * split's bytes, and is rebuilt there with the job's class loader (the configuration the
 * engine hands it before reading).
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's TaggedInputSplit is).
 */
class TaggedInputSplit extends InputSplit implements Configurable, Writable {
  private InputSplit inputSplit;
  @SuppressWarnings("rawtypes")
  private Class<? extends InputFormat> inputFormatClass;
  /** Null when the path names no mapper: the job's own then maps it. */
  @SuppressWarnings("rawtypes")
  private Class<? extends Mapper> mapperClass;
  private Configuration conf;

  /** For the engine, which reads the fields in the task. */
  TaggedInputSplit() {}

  @SuppressWarnings("rawtypes")
  TaggedInputSplit(InputSplit inputSplit, Configuration conf, Class<? extends InputFormat> inputFormatClass,
      Class<? extends Mapper> mapperClass) {
    if (!(inputSplit instanceof Writable)) {
      throw new IllegalArgumentException("input split class " + inputSplit.getClass().getName()
          + " must implement Writable");
    }
    this.inputSplit = inputSplit;
    this.conf = conf;
    this.inputFormatClass = inputFormatClass;
    this.mapperClass = mapperClass;
  }

  InputSplit getInputSplit() {
    return inputSplit;
  }

  @SuppressWarnings("rawtypes")
  Class<? extends InputFormat> getInputFormatClass() {
    return inputFormatClass;
  }

  @SuppressWarnings("rawtypes")
  Class<? extends Mapper> getMapperClass() {
    return mapperClass;
  }

  @Override
  public long getLength() throws IOException, InterruptedException {
    return inputSplit.getLength();
  }

  @Override
  public String[] getLocations() throws IOException, InterruptedException {
    return inputSplit.getLocations();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, inputSplit.getClass().getName());
    Text.writeString(out, inputFormatClass.getName());
    Text.writeString(out, mapperClass == null ? "" : mapperClass.getName());
    // Length-prefixed, so a split that reads less than it wrote cannot shift what follows.
    DataOutputBuffer bytes = new DataOutputBuffer();
    ((Writable) inputSplit).write(bytes);
    out.writeInt(bytes.getLength());
    out.write(bytes.getData(), 0, bytes.getLength());
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void readFields(DataInput in) throws IOException {
    Class<?> splitClass = load(Text.readString(in), InputSplit.class);
    inputFormatClass = (Class) load(Text.readString(in), InputFormat.class);
    String mapper = Text.readString(in);
    mapperClass = mapper.isEmpty() ? null : (Class) load(mapper, Mapper.class);
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("tagged input split with a negative length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    inputSplit = (InputSplit) ReflectionUtil.newInstance(splitClass, conf);
    DataInputBuffer buffer = new DataInputBuffer();
    buffer.reset(bytes, length);
    ((Writable) inputSplit).readFields(buffer);
  }

  private Class<?> load(String name, Class<?> iface) throws IOException {
    try {
      Class<?> c = (conf != null ? conf : new Configuration(false)).getClassByName(name);
      if (!iface.isAssignableFrom(c)) {
        throw new IOException("class " + name + " in a tagged input split is not a " + iface.getName());
      }
      return c;
    } catch (ClassNotFoundException e) {
      throw new IOException("class " + name + " of a tagged input split not found", e);
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
    return inputSplit + " (" + inputFormatClass.getSimpleName()
        + (mapperClass == null ? "" : ", " + mapperClass.getSimpleName()) + ")";
  }
}
