package io.quern.mapreduce.runtime;

import io.quern.io.WritableUtils;
import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionOutputStream;
import io.quern.io.compress.Compressor;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes one segment of sorted records: {@code [vint keyLength][vint valueLength][key][value]}
 * per record, ended by the EOF marker {@code (-1, -1)}. It keeps the segment's length and
 * CRC32C for the index. Several segments (one per partition) are written one after another
 * into the same stream, so {@link #close()} ends the segment but leaves the stream open; the
 * writer does not buffer, so give it a buffered stream.
 *
 * <p>With a codec the segment is compressed on its own (a complete compressed stream per
 * segment, so a reducer decompresses just its partition); the raw length and the CRC32C are
 * those of the uncompressed bytes, and {@link #getCompressedLength()} is what lands in the file.
 * A map writes a segment per partition and spill, so the compressor comes from the {@link
 * CodecPool} and {@link #close()} returns it: a writer must be closed, also when writing failed.
 */
public class IFileWriter implements RecordSink, Closeable {

  /** Both lengths of the end-of-segment record. */
  public static final int EOF_MARKER = -1;
  /** Bytes of the end-of-segment record: a segment this long holds no records. */
  public static final int EOF_MARKER_LENGTH = 2;

  private static final int COMPRESS_BUFFER_BYTES = 64 * 1024;

  /** Where record bytes go: the caller's stream, or a buffer in front of the compressor. */
  // Confined to the thread that writes the segment (a spill's, a merge's or a task's thread), as is all state below.
  private final OutputStream out;
  private final CompressionOutputStream compressor;
  /** The codec's compressor {@link #compressor} runs, from the pool; null without a codec. */
  private final Compressor pooledCompressor;
  private long compressedLength;
  private final CRC32C crc = new CRC32C();
  private final byte[] lengths = new byte[18];
  private long rawLength;
  private long records;
  private boolean closed;

  /** Does not take ownership of {@code out}. */
  public IFileWriter(OutputStream out) {
    this.out = out;
    this.compressor = null;
    this.pooledCompressor = null;
  }

  /**
   * Compresses the segment with {@code codec} (none when null); does not take ownership of
   * {@code out}, which should be buffered.
   */
  public IFileWriter(OutputStream out, CompressionCodec codec) throws IOException {
    if (codec == null) {
      this.out = out;
      this.compressor = null;
      this.pooledCompressor = null;
      return;
    }
    OutputStream counting = new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        compressedLength++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        compressedLength += len;
      }

      @Override
      public void close() {
        // The next segment follows in the same stream.
      }
    };
    this.pooledCompressor = CodecPool.getCompressor(codec);
    try {
      this.compressor = codec.createOutputStream(counting, pooledCompressor);
    } catch (IOException | RuntimeException e) {
      CodecPool.returnCompressor(pooledCompressor);
      throw e;
    }
    // Records arrive in small writes (lengths, key, value): the compressor gets them in large ones.
    this.out = new BufferedOutputStream(compressor, COMPRESS_BUFFER_BYTES);
  }

  @Override
  public void append(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
      throws IOException {
    if (closed) {
      throw new IOException("segment already closed");
    }
    if (keyLength < 0 || valueLength < 0) {
      throw new IllegalArgumentException("negative length: key " + keyLength + ", value " + valueLength);
    }
    writeLengths(keyLength, valueLength);
    write(key, keyOffset, keyLength);
    write(value, valueOffset, valueLength);
    records++;
  }

  /** Copies every remaining record of {@code in}. */
  public void appendAll(RawKeyValueIterator in) throws IOException {
    while (in.next()) {
      append(in.getKey(), in.getValue());
    }
  }

  private void writeLengths(int keyLength, int valueLength) throws IOException {
    int n = WritableUtils.encodeVLong(keyLength, lengths, 0);
    n += WritableUtils.encodeVLong(valueLength, lengths, n);
    write(lengths, 0, n);
  }

  private void write(byte[] bytes, int offset, int length) throws IOException {
    crc.update(bytes, offset, length);
    out.write(bytes, offset, length);
    rawLength += length;
  }

  /**
   * Writes the EOF marker and returns the compressor to the pool (also when writing fails); the
   * stream stays open and is not flushed.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writeLengths(EOF_MARKER, EOF_MARKER);
      if (compressor != null) {
        out.flush();
        // Ends the compressed stream; the counting stream keeps the caller's open.
        compressor.close();
      }
    } finally {
      CodecPool.returnCompressor(pooledCompressor);
    }
  }

  /** Bytes of the segment so far, EOF marker included once closed. */
  public long getRawLength() {
    return rawLength;
  }

  /** Bytes of the segment in the stream: the compressed length with a codec, else the raw length; once closed. */
  public long getCompressedLength() {
    return compressor == null ? rawLength : compressedLength;
  }

  /** CRC32C of the whole segment; meaningful once closed. */
  public long getChecksum() {
    return crc.getValue();
  }

  public long getRecordCount() {
    return records;
  }
}
