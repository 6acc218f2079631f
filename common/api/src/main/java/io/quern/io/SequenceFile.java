package io.quern.io;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.DefaultCodec;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A flat file of binary key/value records that can be split: every ~2000 bytes the
 * writer puts a sync point (an int -1 and the file's random 16-byte marker) between
 * records, so a reader dropped at any offset can find the next record boundary.
 *
 * <p>The layout is that of a version-6 Hadoop SequenceFile:
 * <pre>
 *   'S' 'E' 'Q' 6
 *   key class name, value class name   (vint length + UTF-8 each)
 *   compressed, block-compressed   (one boolean byte each)
 *   codec class name   (only when compressed)
 *   metadata: int count, then count pairs of (vint + UTF-8) strings
 *   16-byte sync marker
 *   records: int recordLength (key + value bytes), int keyLength, key bytes, value bytes
 *     (record compression: the value bytes are the value compressed on its own)
 *   sync points: int -1, the 16-byte marker
 *   block compression instead: per block a sync point, vint record count, then four
 *     compressed buffers (vint length + bytes each): key lengths (vints), keys, value
 *     lengths (vints), values
 * </pre>
 * Class names {@code org.apache.hadoop.io.X} (codecs {@code org.apache.hadoop.io.compress.X})
 * in files written by Hadoop are read as {@code io.quern.io.X}.
 *
 * <p>{@link Writer} and {@link Reader} are Hadoop's API; the work is done by package-private
 * classes: {@link SequenceFileRecordWriter} and {@link SequenceFileRecordReader} (records, sync
 * points, length and position), {@link SequenceFileHeader}, {@link SyncMarker}, the block
 * buffers ({@link SequenceFileBlockWriter}, {@link SequenceFileBlockReader}) and the pooled
 * {@link SequenceFileDecompressor}.
 */
public final class SequenceFile {

  static final byte VERSION = 6;
  static final int SYNC_ESCAPE = -1;
  static final int SYNC_HASH_SIZE = 16;
  /** Escape plus marker. */
  static final int SYNC_SIZE = 4 + SYNC_HASH_SIZE;
  /** The writer adds a sync point before a record once this many bytes passed since the last one. */
  public static final int SYNC_INTERVAL = 100 * SYNC_SIZE;

  /** Default of {@value #COMPRESS_BLOCK_SIZE_KEY}: a block is written once its keys and values reach this many bytes. */
  public static final int DEFAULT_COMPRESS_BLOCK_SIZE = 1_000_000;
  public static final String COMPRESS_BLOCK_SIZE_KEY = "io.seqfile.compress.blocksize";

  /** How a file's records are compressed, as in Hadoop. */
  public enum CompressionType {
    /** Not at all. */
    NONE,
    /** Each value on its own; keys stay plain. */
    RECORD,
    /** Keys and values of many records together, in blocks. */
    BLOCK
  }

  /** Compression of files {@link #createWriter} makes when no {@link Writer#compression} option says. */
  public static final String COMPRESSION_TYPE_KEY = "io.seqfile.compression.type";

  private SequenceFile() {
  }

  /** {@value #COMPRESSION_TYPE_KEY} of {@code conf}: NONE, RECORD (the default, as in Hadoop) or BLOCK. */
  public static CompressionType getDefaultCompressionType(Configuration conf) {
    String set = conf.getTrimmed(COMPRESSION_TYPE_KEY);
    String name = set == null || set.isEmpty() ? CompressionType.RECORD.name() : set;
    try {
      return CompressionType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(COMPRESSION_TYPE_KEY + " is '" + name + "'; it must be NONE, RECORD or BLOCK.");
    }
  }

  /**
   * A writer of a new file ({@link Writer#file}) or onto a stream the caller keeps ({@link
   * Writer#stream}); {@link Writer#keyClass} and {@link Writer#valueClass} are needed,
   * compression is {@value #COMPRESSION_TYPE_KEY} unless an option says.
   */
  public static Writer createWriter(Configuration conf, Writer.Option... opts) throws IOException {
    return SequenceFileWriters.create(conf, opts);
  }

  /** Hadoop's older form: a new file {@code name} of {@code fs}. */
  public static Writer createWriter(FileSystem fs, Configuration conf, Path name, Class<?> keyClass,
      Class<?> valClass) throws IOException {
    return createWriter(conf, Writer.filesystem(fs), Writer.file(name), Writer.keyClass(keyClass),
        Writer.valueClass(valClass));
  }

  /** Hadoop's older form: a new file {@code name} of {@code fs}, compressed as {@code type} says with the default codec. */
  public static Writer createWriter(FileSystem fs, Configuration conf, Path name, Class<?> keyClass,
      Class<?> valClass, CompressionType type) throws IOException {
    return createWriter(conf, Writer.filesystem(fs), Writer.file(name), Writer.keyClass(keyClass),
        Writer.valueClass(valClass), Writer.compression(type));
  }

  /** Hadoop's older form: a new file {@code name} of {@code fs}, compressed as {@code type} says with {@code codec}. */
  public static Writer createWriter(FileSystem fs, Configuration conf, Path name, Class<?> keyClass,
      Class<?> valClass, CompressionType type, CompressionCodec codec) throws IOException {
    return createWriter(conf, Writer.filesystem(fs), Writer.file(name), Writer.keyClass(keyClass),
        Writer.valueClass(valClass), Writer.compression(type, codec));
  }

  /** Appends records to a new SequenceFile; not thread-safe. */
  public static class Writer implements Closeable {

    /** A setting of a writer being made, as Hadoop's writer factories take them ({@link MapFile.Writer}). */
    public interface Option {}

    record KeyClassOption(Class<?> value) implements Option {}

    record ValueClassOption(Class<?> value) implements Option {}

    record CompressionOption(CompressionType type, CompressionCodec codec) implements Option {}

    public static Option keyClass(Class<?> value) {
      return new KeyClassOption(value);
    }

    public static Option valueClass(Class<?> value) {
      return new ValueClassOption(value);
    }

    public static Option compression(CompressionType value) {
      return new CompressionOption(value, null);
    }

    /** {@code codec} null means {@link DefaultCodec}. */
    public static Option compression(CompressionType value, CompressionCodec codec) {
      return new CompressionOption(value, codec);
    }

    record FileOption(Path value) implements Option {}

    record FileSystemOption(FileSystem value) implements Option {}

    record StreamOption(FSDataOutputStream value) implements Option {}

    record BufferSizeOption(int value) implements Option {}

    record ReplicationOption(short value) implements Option {}

    record BlockSizeOption(long value) implements Option {}

    /** The new file to write; it is replaced if it exists. */
    public static Option file(Path value) {
      return new FileOption(value);
    }

    /** The file system of {@link #file}, instead of the path's own (Hadoop's older factories take it). */
    static Option filesystem(FileSystem value) {
      return new FileSystemOption(value);
    }

    /** A stream to write onto instead of a file; closing the writer leaves it open. */
    public static Option stream(FSDataOutputStream value) {
      return new StreamOption(value);
    }

    /** The buffer size the file is created with. */
    public static Option bufferSize(int value) {
      return new BufferSizeOption(value);
    }

    /** The replication the file is created with; by default {@code dfs.replication}. */
    public static Option replication(short value) {
      return new ReplicationOption(value);
    }

    /** The block size the file is created with; by default {@code dfs.block.size}. */
    public static Option blockSize(long value) {
      return new BlockSizeOption(value);
    }

    private final Class<?> keyClass;
    private final Class<?> valClass;
    private final CompressionType compression;
    private final CompressionCodec codec;
    private final SequenceFileRecordWriter records;

    /** Writes the header to {@code out}, which the writer owns from now on and closes in {@link #close()}. */
    public Writer(OutputStream out, Class<?> keyClass, Class<?> valClass) throws IOException {
      this(out, keyClass, valClass, CompressionType.NONE, null);
    }

    /**
     * A writer compressing as {@code type} says with {@code codec} ({@link DefaultCodec} when
     * null), blocks of {@value SequenceFile#DEFAULT_COMPRESS_BLOCK_SIZE} bytes.
     */
    public Writer(OutputStream out, Class<?> keyClass, Class<?> valClass, CompressionType type,
        CompressionCodec codec) throws IOException {
      this(out, keyClass, valClass, type, codec, DEFAULT_COMPRESS_BLOCK_SIZE);
    }

    /** @param blockSize with block compression, the key and value bytes a block holds before it is written */
    public Writer(OutputStream out, Class<?> keyClass, Class<?> valClass, CompressionType type,
        CompressionCodec codec, int blockSize) throws IOException {
      if (blockSize < 1) {
        throw new IllegalArgumentException("compression block size must be positive, not " + blockSize);
      }
      this.keyClass = keyClass;
      this.valClass = valClass;
      this.compression = type == null ? CompressionType.NONE : type;
      this.codec = compression == CompressionType.NONE ? null : codec != null ? codec : new DefaultCodec();
      this.records = new SequenceFileRecordWriter(out, keyClass, valClass, compression, this.codec, blockSize);
    }

    public Class<?> getKeyClass() {
      return keyClass;
    }

    public Class<?> getValueClass() {
      return valClass;
    }

    public CompressionType getCompressionType() {
      return compression;
    }

    /** The codec, or null without compression. */
    public CompressionCodec getCompressionCodec() {
      return codec;
    }

    public void append(Writable key, Writable val) throws IOException {
      if (key.getClass() != keyClass) {
        throw new IOException("wrong key class: " + key.getClass().getName() + " is not " + keyClass.getName());
      }
      if (val.getClass() != valClass) {
        throw new IOException("wrong value class: " + val.getClass().getName() + " is not " + valClass.getName());
      }
      records.append(key, val);
    }

    /**
     * Writes a sync point now, unless one was just written; with block compression, writes the
     * buffered records as a block (which starts with one).
     */
    public void sync() throws IOException {
      records.sync();
    }

    /**
     * Bytes written so far, header included: the offset the next record will start at (with
     * block compression, the next block; buffered records are not counted).
     */
    public long getLength() {
      return records.getLength();
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }

  /**
   * Reads records from a SequenceFile.
   *
   * <p>Confined to the thread using it (not thread-safe, as Hadoop's SequenceFile.Reader is).
   */
  public static class Reader implements Closeable {

    private final SequenceFileRecordReader records;
    private final SequenceFileHeader header;
    private Class<?> keyClass;
    private Class<?> valClass;

    /** A setting of a reader being made: {@link #file} or {@link #stream}, and {@link #bufferSize}. */
    public interface Option {}

    record FileOption(Path value) implements Option {}

    record StreamOption(FSDataInputStream value) implements Option {}

    record BufferSizeOption(int value) implements Option {}

    /** The file to read, on its path's file system. */
    public static Option file(Path value) {
      return new FileOption(value);
    }

    /** An open stream to read from; the reader owns it and closes it. */
    public static Option stream(FSDataInputStream value) {
      return new StreamOption(value);
    }

    /** The buffer size the file is opened with. */
    public static Option bufferSize(int value) {
      return new BufferSizeOption(value);
    }

    /** Reads the header; the reader owns {@code in} and closes it, also when the header is bad. */
    public Reader(SeekableInput in) throws IOException {
      this(in, null);
    }

    /** Hadoop's older form: {@code file} of {@code fs}. */
    public Reader(FileSystem fs, Path file, Configuration conf) throws IOException {
      this(fs.open(file), conf);
    }

    /** The file or stream the options name (exactly one of {@link #file} and {@link #stream}). */
    public Reader(Configuration conf, Option... opts) throws IOException {
      this(SequenceFileWriters.openForReading(conf, opts), conf);
    }

    /** @param conf given to the file's codec if it is {@link Configurable}; null for the defaults */
    public Reader(SeekableInput in, Configuration conf) throws IOException {
      this.records = new SequenceFileRecordReader(in, conf);
      this.header = records.header();
    }

    public String getKeyClassName() {
      return header.keyClassName();
    }

    public String getValueClassName() {
      return header.valueClassName();
    }

    /** The key class named in the header; fails if it is not on the class path. */
    public Class<?> getKeyClass() {
      if (keyClass == null) {
        keyClass = SequenceFileClasses.writableClass(header.keyClassName(), "key", records.source());
      }
      return keyClass;
    }

    public Class<?> getValueClass() {
      if (valClass == null) {
        valClass = SequenceFileClasses.writableClass(header.valueClassName(), "value", records.source());
      }
      return valClass;
    }

    public Map<String, String> getMetadata() {
      return header.metadata();
    }

    public boolean isCompressed() {
      return header.compressed();
    }

    public boolean isBlockCompressed() {
      return header.blockCompressed();
    }

    public CompressionType getCompressionType() {
      return header.blockCompressed() ? CompressionType.BLOCK
          : header.compressed() ? CompressionType.RECORD : CompressionType.NONE;
    }

    /** The codec the header names, or null for an uncompressed file. */
    public CompressionCodec getCompressionCodec() {
      return header.codec();
    }

    /**
     * Reads the next record into {@code key} and {@code val}; false at end of file.
     *
     * @throws IOException naming the offset if the file is truncated or corrupt there
     */
    public boolean next(Writable key, Writable val) throws IOException {
      try {
        getKeyClass();
        getValueClass();
      } catch (IllegalStateException e) {
        // A damaged header can name any class: an IOException like any other corruption.
        throw new IOException("bad SequenceFile header at offset 0: " + e.getMessage(), e);
      }
      if (key.getClass() != getKeyClass()) {
        throw new IOException("wrong key class: " + key.getClass().getName() + " is not " + header.keyClassName());
      }
      if (val.getClass() != getValueClass()) {
        throw new IOException("wrong value class: " + val.getClass().getName() + " is not "
            + header.valueClassName());
      }
      return records.next(key, val);
    }

    /**
     * Positions the reader at the first sync point at or after {@code position}, or at
     * end of file if there is none; a position inside the header means the first record.
     */
    public void sync(long position) throws IOException {
      records.sync(position);
    }

    /** Whether the last {@link #next} call passed a sync point before its record. */
    public boolean syncSeen() {
      return records.syncSeen();
    }

    /** The offset of the next record or sync point. */
    public long getPosition() throws IOException {
      return records.getPosition();
    }

    /** Moves to {@code position}, which must be a record boundary, e.g. an earlier {@link #getPosition()}. */
    public void seek(long position) throws IOException {
      records.seek(position);
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }
}
