package io.quern.io;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.fs.DfsKeys;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.DefaultCodec;
import io.quern.util.ReflectionUtils;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A sorted key/value file with an index, for lookups by key: a directory holding {@code data}
 * (a SequenceFile of the entries in key order) and {@code index} (a SequenceFile of every
 * {@value #INDEX_INTERVAL_KEY}'th key and the data file position to start scanning at). A
 * reader keeps the index in memory, so a lookup is a binary search, one seek and a scan of at
 * most one interval. The layout is Hadoop's; files written by either read in the other.
 *
 * <p>The reader's in-memory index is a {@link MapFileIndex}; {@link #fix} runs a {@link
 * MapFileIndexRebuilder}; the writer's options are checked by {@link MapFileWriterOptions}.
 */
public class MapFile {
  public static final String INDEX_FILE_NAME = "index";
  public static final String DATA_FILE_NAME = "data";
  /** Every how many'th key goes into the index. */
  public static final String INDEX_INTERVAL_KEY = "io.map.index.interval";
  /** A reader keeps one index entry in (1 + this) in memory. */
  public static final String INDEX_SKIP_KEY = "io.map.index.skip";

  protected MapFile() {}

  /** Renames a map file's directory. */
  public static void rename(FileSystem fs, String oldName, String newName) throws IOException {
    if (!fs.rename(new Path(oldName), new Path(newName))) {
      throw new IOException("could not rename map file " + oldName + " to " + newName);
    }
  }

  /** Deletes a map file: its data, its index and its directory. */
  public static void delete(FileSystem fs, String name) throws IOException {
    Path dir = new Path(name);
    fs.delete(new Path(dir, DATA_FILE_NAME), false);
    fs.delete(new Path(dir, INDEX_FILE_NAME), false);
    fs.delete(dir, true);
  }

  static OutputStream create(FileSystem fs, Path file, Configuration conf) throws IOException {
    short replication = (short) DfsKeys.REPLICATION.getInt(conf);
    long blockSize = DfsKeys.BLOCK_SIZE.getBytes(conf);
    return fs.create(file, true, 4096, replication, blockSize);
  }

  /**
   * Rebuilds a lost index from the data file: the way back after a writer died before it
   * closed the index. Returns the number of entries, or -1 when the index exists.
   *
   * @param dryrun only count the entries, write nothing
   */
  public static long fix(FileSystem fs, Path dir, Class<? extends Writable> keyClass,
      Class<? extends Writable> valueClass, boolean dryrun, Configuration conf) throws IOException {
    Path data = new Path(dir, DATA_FILE_NAME);
    Path index = new Path(dir, INDEX_FILE_NAME);
    if (!fs.exists(data)) {
      throw new IOException("map file " + dir + " has no data file: there is nothing to rebuild its index from");
    }
    if (fs.exists(index)) {
      return -1;
    }
    int interval = CoreKeys.MAP_INDEX_INTERVAL.getInt(conf);
    return MapFileIndexRebuilder.rebuild(fs, dir, data, index, keyClass, valueClass, dryrun, interval, conf);
  }

  /**
   * Writes a new map file; keys must come in order (equal keys may repeat).
   *
   * <p>Confined to the thread using it (not thread-safe, as Hadoop's MapFile.Writer is).
   */
  public static class Writer implements Closeable {
    /** A setting of a map file writer; {@link SequenceFile.Writer}'s options apply to its data file. */
    public interface Option extends SequenceFile.Writer.Option {}

    /** Read by {@link MapFileWriterOptions}, as is {@link KeyOption}. */
    record ComparatorOption(WritableComparator value) implements Option {}

    private final SequenceFile.Writer data;
    private final SequenceFile.Writer index;
    private final WritableComparator comparator;
    private final Class<?> keyClass;
    private int indexInterval;
    private long size;
    private long lastIndexPos = -1;
    private long lastIndexKeyCount = Long.MIN_VALUE;
    private final LongWritable position = new LongWritable();
    private final DataOutputBuffer lastKeyBytes = new DataOutputBuffer();
    private final DataInputBuffer lastKeyIn = new DataInputBuffer();
    private final WritableComparable<?> lastKey;

    public static Option keyClass(Class<? extends WritableComparable> value) {
      return new KeyOption(value);
    }

    record KeyOption(Class<?> value) implements Option {}

    public static Option comparator(WritableComparator value) {
      return new ComparatorOption(value);
    }

    public static SequenceFile.Writer.Option valueClass(Class<?> value) {
      return SequenceFile.Writer.valueClass(value);
    }

    public static SequenceFile.Writer.Option compression(CompressionType type) {
      return SequenceFile.Writer.compression(type);
    }

    public static SequenceFile.Writer.Option compression(CompressionType type, CompressionCodec codec) {
      return SequenceFile.Writer.compression(type, codec);
    }

    /** A map file of {@code keyClass} keys and {@code valClass} values, uncompressed. */
    @SuppressWarnings("rawtypes")
    public Writer(Configuration conf, FileSystem fs, String dirName, Class<? extends WritableComparable> keyClass,
        Class<?> valClass) throws IOException {
      this(conf, new Path(dirName), keyClass(keyClass), valueClass(valClass));
    }

    @SuppressWarnings("rawtypes")
    public Writer(Configuration conf, FileSystem fs, String dirName, Class<? extends WritableComparable> keyClass,
        Class<?> valClass, CompressionType compress) throws IOException {
      this(conf, new Path(dirName), keyClass(keyClass), valueClass(valClass), compression(compress));
    }

    @SuppressWarnings("rawtypes")
    public Writer(Configuration conf, FileSystem fs, String dirName, Class<? extends WritableComparable> keyClass,
        Class<?> valClass, CompressionType compress, CompressionCodec codec) throws IOException {
      this(conf, new Path(dirName), keyClass(keyClass), valueClass(valClass), compression(compress, codec));
    }

    /** Keys ordered by {@code comparator}, whose key class they are. */
    public Writer(Configuration conf, FileSystem fs, String dirName, WritableComparator comparator,
        Class<?> valClass) throws IOException {
      this(conf, new Path(dirName), comparator(comparator), valueClass(valClass));
    }

    /** A map file in {@code dirName} as the options say; a key class (or comparator) and a value class are needed. */
    public Writer(Configuration conf, Path dirName, SequenceFile.Writer.Option... opts) throws IOException {
      MapFileWriterOptions options = MapFileWriterOptions.parse(opts);
      Class<?> keys = options.keyClass();
      this.keyClass = keys;
      this.comparator = options.comparator();
      this.indexInterval = CoreKeys.MAP_INDEX_INTERVAL.getInt(conf);
      FileSystem fs = dirName.getFileSystem(conf);
      if (!fs.mkdirs(dirName)) {
        throw new IOException("cannot make the map file directory " + dirName);
      }
      int blockSize = CoreKeys.SEQFILE_COMPRESS_BLOCKSIZE.getInt(conf);
      this.data = new SequenceFile.Writer(create(fs, new Path(dirName, DATA_FILE_NAME), conf), keys,
          options.valueClass(), options.type(), options.codec(), blockSize);
      SequenceFile.Writer idx;
      try {
        idx = new SequenceFile.Writer(create(fs, new Path(dirName, INDEX_FILE_NAME), conf), keys,
            LongWritable.class, CompressionType.BLOCK, new DefaultCodec());
      } catch (IOException | RuntimeException e) {
        data.close();
        throw e;
      }
      this.index = idx;
      this.lastKey = (WritableComparable<?>) ReflectionUtils.newInstance(keys, conf);
    }

    public int getIndexInterval() {
      return indexInterval;
    }

    /** Puts every {@code interval}'th key into the index. */
    public void setIndexInterval(int interval) {
      if (interval < 1) {
        throw new IllegalArgumentException("index interval must be at least 1, not " + interval);
      }
      indexInterval = interval;
    }

    /** Sets the index interval of map files written under {@code conf}. */
    public static void setIndexInterval(Configuration conf, int interval) {
      conf.setInt(INDEX_INTERVAL_KEY, interval);
    }

    /** Appends an entry; its key must not sort before the previous one. */
    public synchronized void append(WritableComparable<?> key, Writable val) throws IOException {
      checkKey(key);
      long pos = data.getLength();
      // An index entry only where the position moved: in a block-compressed file, once per block.
      if (size >= lastIndexKeyCount + indexInterval && pos > lastIndexPos) {
        position.set(pos);
        index.append(key, position);
        lastIndexPos = pos;
        lastIndexKeyCount = size;
      }
      data.append(key, val);
      size++;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void checkKey(WritableComparable<?> key) throws IOException {
      if (key.getClass() != keyClass) {
        throw new IOException("wrong key class: " + key.getClass().getName() + " is not " + keyClass.getName());
      }
      if (size != 0 && comparator.compare((WritableComparable) lastKey, (WritableComparable) key) > 0) {
        throw new IOException("key out of order: " + key + " after " + lastKey);
      }
      lastKeyBytes.reset();
      key.write(lastKeyBytes);
      lastKeyIn.reset(lastKeyBytes.getData(), lastKeyBytes.getLength());
      lastKey.readFields(lastKeyIn);
    }

    @Override
    public synchronized void close() throws IOException {
      try {
        data.close();
      } finally {
        index.close();
      }
    }
  }

  /**
   * Looks up entries of a map file by key, or reads them in order.
   *
   * <p>Confined to the thread using it (not thread-safe, as Hadoop's MapFile.Reader is).
   */
  public static class Reader implements Closeable {
    private final Configuration conf;
    private final FileSystem fs;
    private final Path dir;
    private final SequenceFile.Reader data;
    private final long firstPosition;
    private final WritableComparator comparator;
    /** Null until the first lookup loads it. */
    private MapFileIndex index;
    /** The record a backward lookup read past, which {@link #next} returns first. */
    private WritableComparable<?> pendingKey;
    private Writable pendingValue;
    private boolean pending;
    private final DataOutputBuffer copyOut = new DataOutputBuffer();
    private final DataInputBuffer copyIn = new DataInputBuffer();

    /** Opens the map file in {@code dir}. */
    public Reader(Path dir, Configuration conf) throws IOException {
      this(dir, null, conf);
    }

    public Reader(FileSystem fs, String dirName, Configuration conf) throws IOException {
      this(new Path(dirName), null, conf);
    }

    /** Keys ordered by {@code comparator} (the key class's own order when null). */
    public Reader(FileSystem fs, String dirName, WritableComparator comparator, Configuration conf)
        throws IOException {
      this(new Path(dirName), comparator, conf);
    }

    private Reader(Path dir, WritableComparator comparator, Configuration conf) throws IOException {
      this.conf = conf;
      this.dir = dir;
      this.fs = dir.getFileSystem(conf);
      this.data = new SequenceFile.Reader(fs.open(new Path(dir, DATA_FILE_NAME)), conf);
      try {
        this.firstPosition = data.getPosition();
        this.comparator = comparator != null ? comparator : WritableComparator.get(data.getKeyClass());
      } catch (IOException | RuntimeException e) {
        data.close();
        throw e;
      }
    }

    public Class<?> getKeyClass() {
      return data.getKeyClass();
    }

    public Class<?> getValueClass() {
      return data.getValueClass();
    }

    private WritableComparable<?> newKey() {
      return (WritableComparable<?>) ReflectionUtils.newInstance(getKeyClass(), conf);
    }

    private Writable newValue() {
      return (Writable) ReflectionUtils.newInstance(getValueClass(), conf);
    }

    /** Loads the index on first use, keeping one entry in (1 + {@value #INDEX_SKIP_KEY}). */
    private MapFileIndex readIndex() throws IOException {
      if (index != null) {
        return index;
      }
      int skip = Math.max(0, CoreKeys.MAP_INDEX_SKIP.getInt(conf));
      try (SequenceFile.Reader in = new SequenceFile.Reader(fs.open(new Path(dir, INDEX_FILE_NAME)), conf)) {
        index = MapFileIndex.read(in, skip, this::newKey);
      }
      return index;
    }

    /** Back to the first entry. */
    public synchronized void reset() throws IOException {
      pending = false;
      data.seek(firstPosition);
    }

    /** The key in the middle of the index (roughly the median key), or null for an empty file. */
    public synchronized WritableComparable<?> midKey() throws IOException {
      MapFileIndex loaded = readIndex();
      return loaded.size() == 0 ? null : loaded.key((loaded.size() - 1) / 2);
    }

    /** Reads the last key of the file into {@code key}; leaves this reader where it was. */
    public synchronized void finalKey(WritableComparable<?> key) throws IOException {
      MapFileIndex loaded = readIndex();
      int count = loaded.size();
      try (SequenceFile.Reader last = new SequenceFile.Reader(fs.open(new Path(dir, DATA_FILE_NAME)), conf)) {
        last.seek(count > 0 ? loaded.position(count - 1) : firstPosition);
        WritableComparable<?> k = newKey();
        Writable v = newValue();
        boolean any = false;
        while (last.next(k, v)) {
          any = true;
          copy(k, key);
        }
        if (!any) {
          throw new IOException("map file " + dir + " is empty: it has no final key");
        }
      }
    }

    /** Reads the next entry in key order; false at the end. */
    public synchronized boolean next(WritableComparable<?> key, Writable val) throws IOException {
      if (pending) {
        pending = false;
        copy(pendingKey, key);
        copy(pendingValue, val);
        return true;
      }
      return data.next(key, val);
    }

    /**
     * Moves to the entry of {@code key}, or the first one after it; true if the file holds
     * {@code key}. The entry found is consumed: {@link #next} returns the one after it.
     */
    public synchronized boolean seek(WritableComparable<?> key) throws IOException {
      return seekInternal(key, false, newKey(), newValue()) == 0;
    }

    /** The value of {@code key} read into {@code val}, or null if the file does not hold the key. */
    public synchronized Writable get(WritableComparable<?> key, Writable val) throws IOException {
      WritableComparable<?> foundKey = newKey();
      if (seekInternal(key, false, foundKey, val) == 0) {
        return val;
      }
      return null;
    }

    /** The first entry at or after {@code key}: its key, its value read into {@code val}; null if none. */
    public synchronized WritableComparable<?> getClosest(WritableComparable<?> key, Writable val) throws IOException {
      return getClosest(key, val, false);
    }

    /**
     * The entry of {@code key}, else the closest after it, or with {@code before} the closest
     * before it: its key, and its value read into {@code val}; null if there is none that way.
     */
    public synchronized WritableComparable<?> getClosest(WritableComparable<?> key, Writable val, boolean before)
        throws IOException {
      WritableComparable<?> found = newKey();
      int c = seekInternal(key, before, found, val);
      if ((!before && c > 0) || (before && c < 0)) {
        return null;
      }
      return found;
    }

    /**
     * Finds the first entry at or after {@code key} (with {@code before}, the last at or before
     * it) and reads it into {@code foundKey} and {@code foundVal}. Returns 0 for an exact
     * match, negative when the entry found is after the key, positive when before it; 1
     * without {@code before} means none at or after, -1 with it none at or before.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private int seekInternal(WritableComparable<?> key, boolean before, WritableComparable<?> foundKey,
        Writable foundVal) throws IOException {
      MapFileIndex loaded = readIndex();
      pending = false;
      int i = loaded.search(key, comparator);
      if (i < 0) {
        i = -i - 2; // the last index entry before the key
      } else {
        // Equal keys may span index entries: start from the entry before, so the first equal one is found.
        i--;
      }
      data.seek(i < 0 ? firstPosition : loaded.position(i));
      WritableComparable cur = newKey();
      Writable curVal = newValue();
      WritableComparable prev = before ? newKey() : null;
      Writable prevVal = before ? newValue() : null;
      boolean havePrev = false;
      while (data.next(cur, curVal)) {
        int c = comparator.compare((WritableComparable) key, cur);
        if (c <= 0) {
          if (before && c != 0) {
            if (!havePrev) {
              return -1;
            }
            // The entry after the one found was read already: next() returns it.
            pendingKey = cur;
            pendingValue = curVal;
            pending = true;
            copy(prev, foundKey);
            copy(prevVal, foundVal);
            return 1;
          }
          copy(cur, foundKey);
          copy(curVal, foundVal);
          return c;
        }
        if (before) {
          WritableComparable t = prev;
          prev = cur;
          cur = t;
          Writable tv = prevVal;
          prevVal = curVal;
          curVal = tv;
          havePrev = true;
        }
      }
      if (before && havePrev) {
        copy(prev, foundKey);
        copy(prevVal, foundVal);
        return 1;
      }
      return before ? -1 : 1;
    }

    private void copy(Writable from, Writable to) throws IOException {
      copyOut.reset();
      from.write(copyOut);
      copyIn.reset(copyOut.getData(), copyOut.getLength());
      to.readFields(copyIn);
    }

    @Override
    public synchronized void close() throws IOException {
      data.close();
    }
  }
}
