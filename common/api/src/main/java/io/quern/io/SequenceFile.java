package io.quern.io;

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
 * <p>The layout is that of an uncompressed version-6 Hadoop SequenceFile:
 * <pre>
 *   'S' 'E' 'Q' 6
 *   key class name, value class name   (vint length + UTF-8 each)
 *   compressed = 0, block-compressed = 0   (one byte each)
 *   metadata: int count, then count pairs of (vint + UTF-8) strings
 *   16-byte sync marker
 *   records: int recordLength (key + value bytes), int keyLength, key bytes, value bytes
 *   sync points: int -1, the 16-byte marker
 * </pre>
 * Class names {@code org.apache.hadoop.io.X} in files written by Hadoop are read as
 * {@code io.quern.io.X}. Compression is not supported.
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

  private SequenceFile() {
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

    private final DataOutputStream out;
    private final Class<?> keyClass;
    private final Class<?> valClass;
    private final byte[] sync = new byte[SYNC_HASH_SIZE];
    private final DataOutputBuffer record = new DataOutputBuffer();
    private long length;
    private long lastSyncPos;
    private boolean closed;

    /** Writes the header to {@code out}, which the writer owns from now on and closes in {@link #close()}. */
    public Writer(OutputStream out, Class<?> keyClass, Class<?> valClass) throws IOException {
      this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
      this.keyClass = keyClass;
      this.valClass = valClass;
      new SecureRandom().nextBytes(sync);
      writeHeader();
    }

    private void writeHeader() throws IOException {
      DataOutputBuffer header = new DataOutputBuffer();
      header.write(MAGIC);
      header.writeByte(VERSION);
      Text.writeString(header, keyClass.getName());
      Text.writeString(header, valClass.getName());
      header.writeBoolean(false);
      header.writeBoolean(false);
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

    public void append(Writable key, Writable val) throws IOException {
      if (key.getClass() != keyClass) {
        throw new IOException("wrong key class: " + key.getClass().getName() + " is not " + keyClass.getName());
      }
      if (val.getClass() != valClass) {
        throw new IOException("wrong value class: " + val.getClass().getName() + " is not " + valClass.getName());
      }
      record.reset();
      key.write(record);
      int keyLength = record.getLength();
      val.write(record);
      if (length >= lastSyncPos + SYNC_INTERVAL) {
        sync();
      }
      out.writeInt(record.getLength());
      out.writeInt(keyLength);
      out.write(record.getData(), 0, record.getLength());
      length += 8 + record.getLength();
    }

    /** Writes a sync point now, unless one was just written. */
    public void sync() throws IOException {
      if (lastSyncPos != length) {
        out.writeInt(SYNC_ESCAPE);
        out.write(sync);
        length += SYNC_SIZE;
        lastSyncPos = length;
      }
    }

    /** Bytes written so far, header included: the offset the next record will start at. */
    public long getLength() {
      return length;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
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

    /** Reads the header; the reader owns {@code in} and closes it, also when the header is bad. */
    public Reader(SeekableInput in) throws IOException {
      this.in = in;
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
        boolean compressed = din.readBoolean();
        boolean blockCompressed = din.readBoolean();
        if (compressed || blockCompressed) {
          throw new IOException(in + " is a compressed SequenceFile; compression is not supported");
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
      deserialize(key, 0, keyLength, at, "key");
      deserialize(val, keyLength, recordLength - keyLength, at, "value");
      return true;
    }

    private void deserialize(Writable w, int start, int length, long at, String role) throws IOException {
      fieldIn.reset(record, start, length);
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

    /**
     * Positions the reader at the first sync point at or after {@code position}, or at
     * end of file if there is none; a position inside the header means the first record.
     */
    public void sync(long position) throws IOException {
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
      in.seek(position);
    }

    @Override
    public void close() throws IOException {
      in.close();
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
