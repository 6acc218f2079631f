package io.quern.io;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionInputStream;
import io.quern.io.compress.CompressionOutputStream;
import io.quern.io.compress.Compressor;
import io.quern.io.compress.Decompressor;
import io.quern.io.compress.DefaultCodec;
import io.quern.util.ReflectionUtils;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public final class SequenceFile {

  static final byte VERSION = 6;
  private static final byte[] MAGIC = {'S', 'E', 'Q'};
  private static final int SYNC_ESCAPE = -1;
  private static final int SYNC_HASH_SIZE = 16;
  /** Escape plus marker. */
  static final int SYNC_SIZE = 4 + SYNC_HASH_SIZE;
  /** The writer adds a sync point before a record once this many bytes passed since the last one. */
  public static final int SYNC_INTERVAL = 100 * SYNC_SIZE;
  /** Class names and metadata are short; a longer header string means a damaged header. */
  private static final int MAX_HEADER_STRING = 1 << 20;

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

  static Class<?> loadClass(String name, boolean initialize) throws ClassNotFoundException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SequenceFile.class.getClassLoader();
    }
    try {
      return Class.forName(name, initialize, loader);
    } catch (ClassNotFoundException e) {
      String hadoopIo = "org.apache.hadoop.io.";
      if (name.startsWith(hadoopIo)) {
        return Class.forName("io.quern.io." + name.substring(hadoopIo.length()), initialize, loader);
      }
      throw e;
    }
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

    private final DataOutputStream out;
    private final Class<?> keyClass;
    private final Class<?> valClass;
    private final byte[] sync = new byte[SYNC_HASH_SIZE];
    private final DataOutputBuffer record = new DataOutputBuffer();
    private final CompressionType compression;
    private final CompressionCodec codec;
    private final int blockSize;
    /** The codec's compressor, from the {@link CodecPool}, which {@link #close()} returns it to. */
    private final Compressor pooledCompressor;
    /** Compresses a value (record compression) or a block buffer with {@link #pooledCompressor}; null without compression. */
    private final CompressionOutputStream compressor;
    /** Where {@link #compressor} writes in block compression. */
    private final DataOutputBuffer compressed = new DataOutputBuffer();
    private final DataOutputBuffer plainValue = new DataOutputBuffer();
    private final DataOutputBuffer keyLengths = new DataOutputBuffer();
    private final DataOutputBuffer keys = new DataOutputBuffer();
    private final DataOutputBuffer valueLengths = new DataOutputBuffer();
    private final DataOutputBuffer values = new DataOutputBuffer();
    private int blockRecords;
    private long length;
    private long lastSyncPos;
    private boolean closed;

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
      this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
      this.keyClass = keyClass;
      this.valClass = valClass;
      this.compression = type == null ? CompressionType.NONE : type;
      this.codec = compression == CompressionType.NONE ? null : codec != null ? codec : new DefaultCodec();
      this.blockSize = blockSize;
      // One compressor for every value or block of the file, and pooled for the next file.
      this.pooledCompressor = this.codec == null ? null : CodecPool.getCompressor(this.codec);
      try {
        this.compressor = this.codec == null ? null
            : this.codec.createOutputStream(compression == CompressionType.RECORD ? record : compressed,
                pooledCompressor);
        new SecureRandom().nextBytes(sync);
        writeHeader();
      } catch (IOException | RuntimeException e) {
        CodecPool.returnCompressor(pooledCompressor);
        throw e;
      }
    }

    private void writeHeader() throws IOException {
      DataOutputBuffer header = new DataOutputBuffer();
      header.write(MAGIC);
      header.writeByte(VERSION);
      Text.writeString(header, keyClass.getName());
      Text.writeString(header, valClass.getName());
      header.writeBoolean(codec != null);
      header.writeBoolean(compression == CompressionType.BLOCK);
      if (codec != null) {
        Text.writeString(header, codec.getClass().getName());
      }
      header.writeInt(0);
      header.write(sync);
      out.write(header.getData(), 0, header.getLength());
      length = header.getLength();
      lastSyncPos = length;
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
      if (compression == CompressionType.BLOCK) {
        appendToBlock(key, val);
        return;
      }
      record.reset();
      key.write(record);
      int keyLength = record.getLength();
      if (compression == CompressionType.RECORD) {
        // Serialized first, so the compressor gets one write instead of a writable's many small ones.
        plainValue.reset();
        val.write(plainValue);
        compressor.resetState();
        compressor.write(plainValue.getData(), 0, plainValue.getLength());
        compressor.finish();
      } else {
        val.write(record);
      }
      if (length >= lastSyncPos + SYNC_INTERVAL) {
        sync();
      }
      out.writeInt(record.getLength());
      out.writeInt(keyLength);
      out.write(record.getData(), 0, record.getLength());
      length += 8 + record.getLength();
    }

    private void appendToBlock(Writable key, Writable val) throws IOException {
      int before = keys.getLength();
      key.write(keys);
      WritableUtils.writeVInt(keyLengths, keys.getLength() - before);
      before = values.getLength();
      val.write(values);
      WritableUtils.writeVInt(valueLengths, values.getLength() - before);
      blockRecords++;
      if (keys.getLength() + values.getLength() >= blockSize) {
        writeBlock();
      }
    }

    /** Writes the buffered records as one block, which always starts with a sync point. */
    private void writeBlock() throws IOException {
      if (blockRecords == 0) {
        return;
      }
      writeSyncPoint();
      WritableUtils.writeVInt(out, blockRecords);
      length += WritableUtils.getVIntSize(blockRecords);
      writeCompressed(keyLengths);
      writeCompressed(keys);
      writeCompressed(valueLengths);
      writeCompressed(values);
      blockRecords = 0;
    }

    private void writeCompressed(DataOutputBuffer buffer) throws IOException {
      compressed.reset();
      compressor.resetState();
      compressor.write(buffer.getData(), 0, buffer.getLength());
      compressor.finish();
      WritableUtils.writeVInt(out, compressed.getLength());
      out.write(compressed.getData(), 0, compressed.getLength());
      length += WritableUtils.getVIntSize(compressed.getLength()) + compressed.getLength();
      buffer.reset();
    }

    private void writeSyncPoint() throws IOException {
      out.writeInt(SYNC_ESCAPE);
      out.write(sync);
      length += SYNC_SIZE;
      lastSyncPos = length;
    }

    /**
     * Writes a sync point now, unless one was just written; with block compression, writes the
     * buffered records as a block (which starts with one).
     */
    public void sync() throws IOException {
      if (compression == CompressionType.BLOCK) {
        writeBlock();
      } else if (lastSyncPos != length) {
        writeSyncPoint();
      }
    }

    /**
     * Bytes written so far, header included: the offset the next record will start at (with
     * block compression, the next block; buffered records are not counted).
     */
    public long getLength() {
      return length;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        try {
          if (compression == CompressionType.BLOCK) {
            writeBlock();
          }
        } finally {
          try {
            out.close();
          } finally {
            try {
              if (compressor != null) {
                compressor.close();
              }
            } finally {
              CodecPool.returnCompressor(pooledCompressor);
            }
          }
        }
      }
    }
  }

  /** Reads records from a SequenceFile; not thread-safe. */
  public static class Reader implements Closeable {

    private final SeekableInput in;
    private final DataInputStream din;
    private final long end;
    private String keyClassName;
    private String valClassName;
    private Map<String, String> metadata;
    /** Escape plus marker, the exact 20 bytes of every sync point. */
    private final byte[] syncPoint = new byte[SYNC_SIZE];
    private final long headerEnd;
    private final byte[] syncCheck = new byte[SYNC_HASH_SIZE];
    private final DataInputBuffer fieldIn = new DataInputBuffer();
    private byte[] record = new byte[256];
    private Class<?> keyClass;
    private Class<?> valClass;
    private boolean syncSeen;
    private final Configuration conf;
    private boolean compressed;
    private boolean blockCompressed;
    private CompressionCodec codec;
    /** Decompresses from {@link #compressedIn} with {@link #pooledDecompressor}; null without compression. */
    private CompressionInputStream decompressor;
    /** The codec's decompressor, from the {@link CodecPool}; {@link #close()} returns it and clears this. */
    private Decompressor pooledDecompressor;
    private final DataInputBuffer compressedIn = new DataInputBuffer();
    private byte[] compressedBytes = new byte[256];
    private byte[] plainValue = new byte[256];
    /** Block compression: the current block's four buffers and how many of its records are left. */
    private final BlockBuffer keyLengths = new BlockBuffer();
    private final BlockBuffer keys = new BlockBuffer();
    private final BlockBuffer valueLengths = new BlockBuffer();
    private final BlockBuffer values = new BlockBuffer();
    private int blockRecordsLeft;

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
      this.in = in;
      this.conf = conf;
      this.din = new DataInputStream(new SeekableInputStream(in));
      try {
        this.end = in.length();
        in.seek(0);
        this.headerEnd = readHeader();
      } catch (IOException | RuntimeException e) {
        try {
          in.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        } finally {
          returnDecompressor();
        }
        throw e;
      }
    }

    /** Reads everything up to the first record and returns its offset. */
    private long readHeader() throws IOException {
      try {
        byte[] magic = new byte[4];
        din.readFully(magic);
        if (!Arrays.equals(magic, 0, 3, MAGIC, 0, 3)) {
          throw new IOException(in + " is not a SequenceFile: it does not start with SEQ");
        }
        if (magic[3] != VERSION) {
          throw new IOException(in + " is a version " + magic[3] + " SequenceFile; only version "
              + VERSION + " is supported");
        }
        keyClassName = readHeaderString();
        valClassName = readHeaderString();
        compressed = din.readBoolean();
        blockCompressed = din.readBoolean();
        if (blockCompressed && !compressed) {
          throw corrupt(0, "the header says block-compressed but not compressed");
        }
        if (compressed) {
          codec = newCodec(readHeaderString());
          pooledDecompressor = CodecPool.getDecompressor(codec);
          decompressor = codec.createInputStream(compressedIn, pooledDecompressor);
        }
        metadata = readMetadata();
        din.readFully(syncPoint, 4, SYNC_HASH_SIZE);
      } catch (EOFException e) {
        throw corrupt(0, "the file ends inside the header", e);
      }
      Arrays.fill(syncPoint, 0, 4, (byte) 0xff);
      return in.getPos();
    }

    private String readHeaderString() throws IOException {
      long at = in.getPos();
      int length = WritableUtils.readVInt(din);
      if (length < 0 || length > MAX_HEADER_STRING || length > end - in.getPos()) {
        throw corrupt(at, "header string length " + length + " is impossible for a file of " + end + " bytes");
      }
      byte[] utf8 = new byte[length];
      din.readFully(utf8);
      return Text.decode(utf8);
    }

    private CompressionCodec newCodec(String name) throws IOException {
      Class<?> c;
      try {
        c = loadClass(name, false);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IOException("the compression codec " + name + " of SequenceFile " + in + " is not on the class path");
      }
      // Checked before the class is initialized, as for the key and value classes.
      if (!CompressionCodec.class.isAssignableFrom(c)) {
        throw new IOException("the compression codec " + name + " of SequenceFile " + in
            + " is not a CompressionCodec");
      }
      CompressionCodec made;
      try {
        made = ReflectionUtils.newInstance(c.asSubclass(CompressionCodec.class));
      } catch (IllegalArgumentException e) {
        throw new IOException("cannot make the compression codec " + name + " of SequenceFile " + in + ": "
            + e.getMessage(), e);
      }
      if (made instanceof Configurable configurable) {
        configurable.setConf(conf != null ? conf : new Configuration());
      }
      return made;
    }

    private Map<String, String> readMetadata() throws IOException {
      long at = in.getPos();
      int count = din.readInt();
      if (count < 0 || count > end - in.getPos()) {
        throw corrupt(at, "metadata entry count " + count + " is impossible");
      }
      Map<String, String> entries = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        entries.put(readHeaderString(), readHeaderString());
      }
      return Collections.unmodifiableMap(entries);
    }

    public String getKeyClassName() {
      return keyClassName;
    }

    public String getValueClassName() {
      return valClassName;
    }

    /** The key class named in the header; fails if it is not on the class path. */
    public Class<?> getKeyClass() {
      if (keyClass == null) {
        keyClass = resolve(keyClassName, "key");
      }
      return keyClass;
    }

    public Class<?> getValueClass() {
      if (valClass == null) {
        valClass = resolve(valClassName, "value");
      }
      return valClass;
    }

    private Class<?> resolve(String name, String role) {
      Class<?> c;
      try {
        c = loadClass(name, false);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("the " + role + " class " + name + " of SequenceFile " + in
            + " is not on the class path", e);
      }
      // Checked before the class is initialized: a header must not make us run any class's static code.
      if (!Writable.class.isAssignableFrom(c)) {
        throw new IllegalStateException("the " + role + " class " + name + " of SequenceFile " + in
            + " is not a Writable");
      }
      return c;
    }

    public Map<String, String> getMetadata() {
      return metadata;
    }

    public boolean isCompressed() {
      return compressed;
    }

    public boolean isBlockCompressed() {
      return blockCompressed;
    }

    public CompressionType getCompressionType() {
      return blockCompressed ? CompressionType.BLOCK : compressed ? CompressionType.RECORD : CompressionType.NONE;
    }

    /** The codec the header names, or null for an uncompressed file. */
    public CompressionCodec getCompressionCodec() {
      return codec;
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
        throw new IOException("wrong key class: " + key.getClass().getName() + " is not " + keyClassName);
      }
      if (val.getClass() != getValueClass()) {
        throw new IOException("wrong value class: " + val.getClass().getName() + " is not " + valClassName);
      }
      if (blockCompressed) {
        return nextInBlock(key, val);
      }
      long at = in.getPos();
      if (at >= end) {
        return false;
      }
      int recordLength;
      int keyLength;
      try {
        recordLength = din.readInt();
        if (recordLength == SYNC_ESCAPE) {
          din.readFully(syncCheck);
          if (!Arrays.equals(syncCheck, 0, SYNC_HASH_SIZE, syncPoint, 4, SYNC_SIZE)) {
            throw corrupt(at, "sync marker does not match the header's");
          }
          syncSeen = true;
          at = in.getPos();
          if (at >= end) {
            return false;
          }
          recordLength = din.readInt();
        } else {
          syncSeen = false;
        }
        keyLength = din.readInt();
        long left = end - in.getPos();
        if (recordLength < 0 || recordLength > left) {
          throw corrupt(at, "record length " + recordLength + " but " + left + " bytes left in the file");
        }
        if (keyLength < 0 || keyLength > recordLength) {
          throw corrupt(at, "key length " + keyLength + " in a record of " + recordLength + " bytes");
        }
        if (record.length < recordLength) {
          record = new byte[Math.max(recordLength, 2 * record.length)];
        }
        din.readFully(record, 0, recordLength);
      } catch (EOFException e) {
        throw corrupt(at, "the file ends inside a record", e);
      }
      deserialize(key, record, 0, keyLength, at, "key");
      if (compressed) {
        int n = decompress(record, keyLength, recordLength - keyLength, at, "value");
        deserialize(val, plainValue, 0, n, at, "value");
      } else {
        deserialize(val, record, keyLength, recordLength - keyLength, at, "value");
      }
      return true;
    }

    /** Decompresses {@code data[off, off + len)} into {@link #plainValue}; returns the plain length. */
    private int decompress(byte[] data, int off, int len, long at, String what) throws IOException {
      compressedIn.reset(data, off, len);
      decompressor.resetState();
      int n = 0;
      try {
        while (true) {
          if (n == plainValue.length) {
            plainValue = Arrays.copyOf(plainValue, Math.max(256, 2 * plainValue.length));
          }
          int got = decompressor.read(plainValue, n, plainValue.length - n);
          if (got < 0) {
            return n;
          }
          n += got;
        }
      } catch (IOException e) {
        throw corrupt(at, "cannot decompress the " + what + " with " + codec.getClass().getName() + ": "
            + e.getMessage(), e);
      }
    }

    /** The next record of the current block, reading the next block first when it is used up. */
    private boolean nextInBlock(Writable key, Writable val) throws IOException {
      syncSeen = false;
      if (blockRecordsLeft == 0) {
        long at = in.getPos();
        if (at >= end) {
          return false;
        }
        readBlock(at);
      }
      long at = in.getPos();
      int keyLength = keyLengths.nextLength(at, "key length");
      int valueLength = valueLengths.nextLength(at, "value length");
      deserialize(key, keys.data, keys.take(keyLength, at, "key"), keyLength, at, "key");
      deserialize(val, values.data, values.take(valueLength, at, "value"), valueLength, at, "value");
      if (--blockRecordsLeft == 0 && !(keyLengths.used() && keys.used() && valueLengths.used() && values.used())) {
        throw corrupt(at, "the block before this offset holds more bytes than its records");
      }
      return true;
    }

    private void readBlock(long at) throws IOException {
      try {
        if (din.readInt() != SYNC_ESCAPE) {
          throw corrupt(at, "a block does not start with a sync point");
        }
        din.readFully(syncCheck);
        if (!Arrays.equals(syncCheck, 0, SYNC_HASH_SIZE, syncPoint, 4, SYNC_SIZE)) {
          throw corrupt(at, "sync marker does not match the header's");
        }
        syncSeen = true;
        int count = WritableUtils.readVInt(din);
        if (count <= 0) {
          throw corrupt(at, "a block of " + count + " records");
        }
        readBlockBuffer(keyLengths, at, "key lengths");
        readBlockBuffer(keys, at, "keys");
        readBlockBuffer(valueLengths, at, "value lengths");
        readBlockBuffer(values, at, "values");
        blockRecordsLeft = count;
      } catch (EOFException e) {
        throw corrupt(at, "the file ends inside a block", e);
      }
    }

    private void readBlockBuffer(BlockBuffer into, long at, String what) throws IOException {
      int length = WritableUtils.readVInt(din);
      long left = end - in.getPos();
      if (length < 0 || length > left) {
        throw corrupt(at, "compressed " + what + " of " + length + " bytes but " + left + " bytes left in the file");
      }
      if (compressedBytes.length < length) {
        compressedBytes = new byte[Math.max(length, 2 * compressedBytes.length)];
      }
      din.readFully(compressedBytes, 0, length);
      int n = decompress(compressedBytes, 0, length, at, what);
      into.set(plainValue, n);
    }

    private void deserialize(Writable w, byte[] data, int start, int length, long at, String role)
        throws IOException {
      fieldIn.reset(data, start, length);
      try {
        w.readFields(fieldIn);
      } catch (IOException e) {
        throw corrupt(at, "cannot read the " + length + "-byte " + role + " as " + w.getClass().getName()
            + ": " + e, e);
      }
      int used = fieldIn.getPosition() - start;
      if (used != length) {
        throw corrupt(at, "the " + role + " used " + used + " of its " + length + " bytes");
      }
    }

    /** One decompressed buffer of a block, read front to back. */
    private final class BlockBuffer {
      private byte[] data = new byte[0];
      private int length;
      private int pos;

      void set(byte[] from, int n) {
        if (data.length < n) {
          data = new byte[Math.max(n, 2 * data.length)];
        }
        System.arraycopy(from, 0, data, 0, n);
        length = n;
        pos = 0;
      }

      int nextLength(long at, String what) throws IOException {
        if (pos >= length) {
          throw corrupt(at, "the block has fewer " + what + "s than records");
        }
        int size = WritableUtils.decodeVIntSize(data[pos]);
        if (size > length - pos) {
          throw corrupt(at, "the block ends inside a " + what);
        }
        long v = WritableComparator.readVLong(data, pos);
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw corrupt(at, "impossible " + what + " " + v);
        }
        pos += size;
        return (int) v;
      }

      /** Returns the start of the next {@code n} bytes and moves past them. */
      int take(int n, long at, String what) throws IOException {
        if (n > length - pos) {
          throw corrupt(at, "a " + n + "-byte " + what + " but " + (length - pos) + " bytes left in the block");
        }
        int start = pos;
        pos += n;
        return start;
      }

      boolean used() {
        return pos == length;
      }
    }

    /**
     * Positions the reader at the first sync point at or after {@code position}, or at
     * end of file if there is none; a position inside the header means the first record.
     */
    public void sync(long position) throws IOException {
      blockRecordsLeft = 0;
      if (position + SYNC_SIZE >= end) {
        in.seek(end);
        return;
      }
      if (position < headerEnd) {
        in.seek(headerEnd);
        syncSeen = true;
        return;
      }
      byte[] window = new byte[8192];
      long base = position;
      while (base + SYNC_SIZE <= end) {
        int n = (int) Math.min(window.length, end - base);
        in.seek(base);
        try {
          din.readFully(window, 0, n);
        } catch (EOFException e) {
          throw corrupt(base, "the file is shorter than its reported length " + end, e);
        }
        for (int i = 0; i + SYNC_SIZE <= n; i++) {
          if (window[i] == SYNC_ESCAPE && Arrays.equals(window, i, i + SYNC_SIZE, syncPoint, 0, SYNC_SIZE)) {
            in.seek(base + i);
            return;
          }
        }
        // Overlap windows so a sync point across the boundary is still found.
        base += n - SYNC_SIZE + 1;
      }
      in.seek(end);
    }

    /** Whether the last {@link #next} call passed a sync point before its record. */
    public boolean syncSeen() {
      return syncSeen;
    }

    /** The offset of the next record or sync point. */
    public long getPosition() throws IOException {
      return in.getPos();
    }

    /** Moves to {@code position}, which must be a record boundary, e.g. an earlier {@link #getPosition()}. */
    public void seek(long position) throws IOException {
      blockRecordsLeft = 0;
      in.seek(position);
    }

    @Override
    public void close() throws IOException {
      try {
        in.close();
      } finally {
        try {
          if (decompressor != null) {
            decompressor.close();
          }
        } finally {
          returnDecompressor();
        }
      }
    }

    /** Once only: a second close must not hand back a decompressor another reader took meanwhile. */
    private void returnDecompressor() {
      CodecPool.returnDecompressor(pooledDecompressor);
      pooledDecompressor = null;
    }

    private IOException corrupt(long offset, String what) {
      return new IOException("corrupt SequenceFile at offset " + offset + " of " + in + ": " + what);
    }

    private IOException corrupt(long offset, String what, Throwable cause) {
      IOException e = corrupt(offset, what);
      e.initCause(cause);
      return e;
    }
  }

  /** Lets a {@link DataInputStream} read from a {@link SeekableInput}; unbuffered, so positions stay exact. */
  private static final class SeekableInputStream extends InputStream {
    private final SeekableInput in;
    private final byte[] one = new byte[1];

    SeekableInputStream(SeekableInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }
}
