package io.quern.mapreduce.runtime;

import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.PooledCodecStreams;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sorted run of records for {@link Merger}: a region of a local file (a spill, a map
 * output partition fetched to disk, an earlier merge pass) or a byte array (a map output
 * partition fetched into memory). A compressed segment (map output compression) holds
 * {@code length} compressed bytes that decompress to {@code rawLength}.
 */
public final class Segment {

  // Immutable (the in-memory data is not written after construction; each reader gets its own stream).
  private final Path file;
  private final long fileOffset;
  private final byte[] data;
  private final int dataOffset;
  private final long length;
  private final long rawLength;
  private final long checksum;
  private final boolean deleteWhenDone;
  private final CompressionCodec codec;

  private Segment(Path file, long fileOffset, byte[] data, int dataOffset, long length, long rawLength,
      long checksum, boolean deleteWhenDone, CompressionCodec codec) {
    this.file = file;
    this.fileOffset = fileOffset;
    this.data = data;
    this.dataOffset = dataOffset;
    this.length = length;
    this.rawLength = rawLength;
    this.checksum = checksum;
    this.deleteWhenDone = deleteWhenDone;
    this.codec = codec;
  }

  /**
   * A segment of {@code length} bytes at {@code offset} in {@code file}; pass
   * {@link IFileReader#NO_CHECKSUM} to skip verification. With {@code deleteWhenDone} the
   * file is deleted once the segment has been read (it must hold nothing else).
   */
  public static Segment onDisk(Path file, long offset, long length, long checksum, boolean deleteWhenDone) {
    return new Segment(file, offset, null, 0, length, length, checksum, deleteWhenDone, null);
  }

  /**
   * A segment of {@code length} bytes at {@code offset} in {@code file}, compressed with
   * {@code codec} (null: not compressed, and then {@code rawLength == length}).
   */
  public static Segment onDisk(Path file, long offset, long length, long rawLength, long checksum,
      boolean deleteWhenDone, CompressionCodec codec) {
    return new Segment(file, offset, null, 0, length, codec == null ? length : rawLength, checksum,
        deleteWhenDone, codec);
  }

  /** One partition of a spill or map output file, as its index describes it. */
  public static Segment onDisk(Path file, SpillIndex.Entry entry) {
    return onDisk(file, entry, null);
  }

  /** One partition of a spill or map output file written with {@code codec} (null: none). */
  public static Segment onDisk(Path file, SpillIndex.Entry entry, CompressionCodec codec) {
    return onDisk(file, entry.offset(), entry.partLength(), entry.rawLength(), entry.checksum(), false, codec);
  }

  public static Segment inMemory(byte[] data, int offset, int length, long checksum) {
    return new Segment(null, 0, data, offset, length, length, checksum, false, null);
  }

  /** A fetched partition in memory, compressed with {@code codec} (null: not compressed). */
  public static Segment inMemory(byte[] data, int offset, int length, long rawLength, long checksum,
      CompressionCodec codec) {
    return new Segment(null, 0, data, offset, length, codec == null ? length : rawLength, checksum, false, codec);
  }

  /** Bytes in the segment, which is what merge passes order segments by. */
  public long length() {
    return length;
  }

  /** Bytes of the segment once decompressed; {@link #length()} when not compressed. */
  public long rawLength() {
    return rawLength;
  }

  public IFileReader open() throws IOException {
    if (data != null && codec == null) {
      return new IFileReader(data, dataOffset, (int) length, checksum, "in memory (" + length + " bytes)");
    }
    if (data != null) {
      // The reader's close() returns the decompressor to the pool for the next segment.
      InputStream plain = PooledCodecStreams.input(codec, new ByteArrayInputStream(data, dataOffset, (int) length));
      return new IFileReader(plain, rawLength, checksum, "in memory (" + length + " bytes compressed)");
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      channel.position(fileOffset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    InputStream in = new FilterInputStream(Channels.newInputStream(channel)) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          discard();
        }
      }
    };
    if (codec == null) {
      return new IFileReader(in, length, checksum, file + "@" + fileOffset);
    }
    // Bounded: a decompressor reads ahead, and the next partition's bytes follow in the file.
    InputStream plain;
    try {
      plain = PooledCodecStreams.input(codec, new BoundedInputStream(in, length));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new IFileReader(plain, rawLength, checksum, file + "@" + fileOffset + " (compressed)");
  }

  /** Deletes the file if this segment owns it; for segments that are dropped unread. */
  public void discard() throws IOException {
    if (deleteWhenDone) {
      Files.deleteIfExists(file);
    }
  }

  /** The first {@code limit} bytes of a stream; closing it closes the stream. */
  private static final class BoundedInputStream extends FilterInputStream {
    /** Confined to the thread reading the stream. */
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  @Override
  public String toString() {
    return data != null ? "in-memory segment of " + length + " bytes" : file + "@" + fileOffset + "+" + length;
  }
}
