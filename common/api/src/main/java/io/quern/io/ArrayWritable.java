package io.quern.io;

import io.quern.util.ReflectionUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Array;

/**
 * An array of Writables of one class, serialized as a 4-byte count and the elements.
 * The element class is not written, so reading needs an instance built with the same
 * class, usually through a subclass with a no-argument constructor, as in Hadoop.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's ArrayWritable is).
 */
public class ArrayWritable implements Writable {

  private final Class<? extends Writable> valueClass;
  private Writable[] values;

  public ArrayWritable(Class<? extends Writable> valueClass) {
    if (valueClass == null) {
      throw new IllegalArgumentException("null valueClass");
    }
    this.valueClass = valueClass;
    this.values = new Writable[0];
  }

  public ArrayWritable(Class<? extends Writable> valueClass, Writable[] values) {
    this(valueClass);
    set(values);
  }

  public ArrayWritable(String[] strings) {
    this(Text.class);
    values = new Writable[strings.length];
    for (int i = 0; i < strings.length; i++) {
      values[i] = new Text(strings[i]);
    }
  }

  public Class<? extends Writable> getValueClass() {
    return valueClass;
  }

  public void set(Writable[] values) {
    this.values = values;
  }

  public Writable[] get() {
    return values;
  }

  /** The elements copied into an array of the value class, e.g. a {@code Text[]}. */
  public Object toArray() {
    Object array = Array.newInstance(valueClass, values.length);
    for (int i = 0; i < values.length; i++) {
      Array.set(array, i, values[i]);
    }
    return array;
  }

  public String[] toStrings() {
    String[] strings = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      strings[i] = values[i].toString();
    }
    return strings;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(values.length);
    for (Writable value : values) {
      value.write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("negative ArrayWritable length " + count);
    }
    // Grow as elements arrive: a corrupt count then fails with EOF instead of a huge allocation.
    java.util.ArrayList<Writable> read = new java.util.ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      Writable value = ReflectionUtils.newInstance(valueClass);
      value.readFields(in);
      read.add(value);
    }
    values = read.toArray(new Writable[0]);
  }
}
