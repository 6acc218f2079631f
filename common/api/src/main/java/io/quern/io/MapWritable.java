package io.quern.io;

import io.quern.util.ReflectionUtils;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map from Writable to Writable whose keys and values may be of mixed classes.
 *
 * <p>Serialized as: vint number of distinct classes, their names, vint entry count, then
 * per entry a vint class index and the key, a vint class index and the value. Writing the
 * class table per map keeps the format self-describing without Hadoop's global id table;
 * the layout is Quern's own.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's MapWritable is).
 */
public class MapWritable extends AbstractMap<Writable, Writable> implements Writable {

  private final Map<Writable, Writable> entries = new LinkedHashMap<>();

  public MapWritable() {
  }

  public MapWritable(Map<? extends Writable, ? extends Writable> other) {
    entries.putAll(other);
  }

  @Override
  public Writable put(Writable key, Writable value) {
    if (key == null || value == null) {
      throw new NullPointerException("MapWritable keys and values must not be null");
    }
    return entries.put(key, value);
  }

  @Override
  public Writable get(Object key) {
    return entries.get(key);
  }

  @Override
  public Writable remove(Object key) {
    return entries.remove(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public Set<Entry<Writable, Writable>> entrySet() {
    return entries.entrySet();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Map<Class<?>, Integer> classIds = new HashMap<>();
    List<Class<?>> classes = new ArrayList<>();
    for (Entry<Writable, Writable> e : entries.entrySet()) {
      for (Writable w : List.of(e.getKey(), e.getValue())) {
        if (classIds.putIfAbsent(w.getClass(), classes.size()) == null) {
          classes.add(w.getClass());
        }
      }
    }
    WritableUtils.writeVInt(out, classes.size());
    for (Class<?> c : classes) {
      Text.writeString(out, c.getName());
    }
    WritableUtils.writeVInt(out, entries.size());
    for (Entry<Writable, Writable> e : entries.entrySet()) {
      WritableUtils.writeVInt(out, classIds.get(e.getKey().getClass()));
      e.getKey().write(out);
      WritableUtils.writeVInt(out, classIds.get(e.getValue().getClass()));
      e.getValue().write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    entries.clear();
    int classCount = WritableUtils.readVInt(in);
    if (classCount < 0) {
      throw new IOException("negative MapWritable class count " + classCount);
    }
    List<Class<? extends Writable>> classes = new ArrayList<>();
    for (int i = 0; i < classCount; i++) {
      classes.add(loadWritableClass(Text.readString(in)));
    }
    int count = WritableUtils.readVInt(in);
    if (count < 0) {
      throw new IOException("negative MapWritable size " + count);
    }
    for (int i = 0; i < count; i++) {
      Writable key = readOne(in, classes);
      Writable value = readOne(in, classes);
      entries.put(key, value);
    }
  }

  private static Writable readOne(DataInput in, List<Class<? extends Writable>> classes) throws IOException {
    int id = WritableUtils.readVInt(in);
    if (id < 0 || id >= classes.size()) {
      throw new IOException("MapWritable class index " + id + " out of range [0, " + classes.size() + ")");
    }
    Writable w = ReflectionUtils.newInstance(classes.get(id));
    w.readFields(in);
    return w;
  }

  private static Class<? extends Writable> loadWritableClass(String name) throws IOException {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> c = Class.forName(name, true, loader != null ? loader : MapWritable.class.getClassLoader());
      if (!Writable.class.isAssignableFrom(c)) {
        throw new IOException("MapWritable entry class " + name + " is not a Writable");
      }
      return c.asSubclass(Writable.class);
    } catch (ClassNotFoundException e) {
      throw new IOException("MapWritable entry class " + name + " not found", e);
    }
  }
}
