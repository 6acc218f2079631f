package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import io.quern.io.WritableComparator;
import io.quern.io.WritableUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Reads one segment written by {@link IFileWriter}, from a stream or from a byte array.
 *
 * <p>Every length is checked against the bytes left in the segment before anything is
 * allocated, and the segment must end exactly at its EOF marker; a stream segment's
 * CRC32C is checked when the marker is reached, an in-memory one's up front. Keys and
 * values point into the reader's buffer (into the array itself for in-memory segments).
 */
public class IFileReader implements RawKeyValueIterator {

  /** Pass as the expected checksum to skip verification. */
  public static final long NO_CHECKSUM = -1;

  private static final int BUFFER_SIZE = 64 * 1024;

  // Confined to the thread that reads the segment (a merge's or a task's thread), as is all state below.
  private final InputStream in;
  private final String source;
  private final long expectedChecksum;
  private final CRC32C crc = new CRC32C();
  private final DataInputBuffer key = new DataInputBuffer();
  private final DataInputBuffer value = new DataInputBuffer();
  private byte[] buf;
  private int pos;
  private int limit;
  /** Segment offset of buf[0], so that buf[pos] is at segment offset base + pos. */
  private long base;
  /** Bytes of the segment still in the stream. */
  private long unread;
  private int keyStart;
  private int keyLength;
  private long records;
  private boolean atEnd;

  /**
   * Reads a segment of {@code length} bytes from {@code in}, which the reader closes.
   *
   * @param source names the segment in error messages
   */
  public IFileReader(InputStream in, long length, long expectedChecksum, String source) {
    this.in = in;
    this.source = source;
    this.expectedChecksum = expectedChecksum;
    this.buf = new byte[(int) Math.min(BUFFER_SIZE, Math.max(length, 16))];
    this.unread = length;
  }

  /** Reads a segment held in {@code data[offset, offset + length)}, without copying it. */
  public IFileReader(byte[] data, int offset, int length, long expectedChecksum, String source) throws IOException {
    this.in = null;
    this.source = source;
    this.expectedChecksum = NO_CHECKSUM;
    this.buf = data;
    this.pos = offset;
    this.limit = offset + length;
    this.base = -offset;
    if (expectedChecksum != NO_CHECKSUM) {
      crc.update(data, offset, length);
      if (crc.getValue() != expectedChecksum) {
        throw corrupt(0, "checksum " + Long.toHexString(crc.getValue()) + " instead of "
            + Long.toHexString(expectedChecksum));
      }
    }
  }

  @Override
  public boolean next() throws IOException {
    if (atEnd) {
      return false;
    }
    long recordOffset = base + pos;
    int keyLen = readLength(recordOffset);
    int valueLen = readLength(recordOffset);
    if (keyLen == IFileWriter.EOF_MARKER && valueLen == IFileWriter.EOF_MARKER) {
      finish(recordOffset);
      return false;
    }
    if (keyLen < 0 || valueLen < 0) {
      throw corrupt(recordOffset, "negative lengths " + keyLen + ", " + valueLen);
    }
    long recordLen = (long) keyLen + valueLen;
    if (recordLen > available()) {
      throw corrupt(recordOffset, "a record of " + recordLen + " bytes but " + available() + " left in the segment");
    }
    ensure((int) recordLen);
    keyStart = pos;
    keyLength = keyLen;
    key.reset(buf, pos, keyLen);
    value.reset(buf, pos + keyLen, valueLen);
    pos += (int) recordLen;
    records++;
    return true;
  }

  private int readLength(long recordOffset) throws IOException {
    if (available() < 1) {
      throw corrupt(recordOffset, "the segment ends without an EOF marker");
    }
    ensure(1);
    int size = WritableUtils.decodeVIntSize(buf[pos]);
    if (size > available()) {
      throw corrupt(recordOffset, "the segment ends inside a record length");
    }
    ensure(size);
    long length = WritableComparator.readVLong(buf, pos);
    if (length > Integer.MAX_VALUE || length < IFileWriter.EOF_MARKER) {
      throw corrupt(recordOffset, "impossible record length " + length);
    }
    pos += size;
    return (int) length;
  }

  private long available() {
    return (limit - pos) + unread;
  }

  /** Makes the next {@code n} bytes (no more than {@link #available()}) contiguous in buf. */
  private void ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return;
    }
    int kept = limit - pos;
    byte[] target = n > buf.length ? new byte[Math.max(n, 2 * buf.length)] : buf;
    System.arraycopy(buf, pos, target, 0, kept);
    buf = target;
    base += pos;
    pos = 0;
    limit = kept;
    while (limit < n) {
      int want = (int) Math.min(buf.length - limit, unread);
      int got = in.read(buf, limit, want);
      if (got < 0) {
        throw corrupt(base + limit, "the file ends " + unread + " bytes before the segment does");
      }
      crc.update(buf, limit, got);
      limit += got;
      unread -= got;
    }
  }

  private void finish(long markerOffset) throws IOException {
    if (available() != 0) {
      throw corrupt(markerOffset, available() + " bytes follow the EOF marker");
    }
    if (in != null && expectedChecksum != NO_CHECKSUM && crc.getValue() != expectedChecksum) {
      throw corrupt(0, "checksum " + Long.toHexString(crc.getValue()) + " instead of "
          + Long.toHexString(expectedChecksum));
    }
    atEnd = true;
  }

  private IOException corrupt(long offset, String what) {
    return new IOException("corrupt map output segment " + source + " at offset " + offset + ": " + what);
  }

  @Override
  public DataInputBuffer getKey() {
    return key;
  }

  @Override
  public DataInputBuffer getValue() {
    return value;
  }

  /** The current key's array, start and length, unaffected by anyone reading from {@link #getKey()}. */
  byte[] keyBytes() {
    return buf;
  }

  int keyStart() {
    return keyStart;
  }

  int keyLength() {
    return keyLength;
  }

  public long getRecordCount() {
    return records;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
