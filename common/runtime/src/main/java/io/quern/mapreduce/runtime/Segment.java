package io.quern.mapreduce.runtime;

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
 * partition fetched into memory).
 */
public final class Segment {

  private final Path file;
  private final long fileOffset;
  private final byte[] data;
  private final int dataOffset;
  private final long length;
  private final long checksum;
  private final boolean deleteWhenDone;

  private Segment(Path file, long fileOffset, byte[] data, int dataOffset, long length, long checksum,
      boolean deleteWhenDone) {
    this.file = file;
    this.fileOffset = fileOffset;
    this.data = data;
    this.dataOffset = dataOffset;
    this.length = length;
    this.checksum = checksum;
    this.deleteWhenDone = deleteWhenDone;
  }

  /**
   * A segment of {@code length} bytes at {@code offset} in {@code file}; pass
   * {@link IFileReader#NO_CHECKSUM} to skip verification. With {@code deleteWhenDone} the
   * file is deleted once the segment has been read (it must hold nothing else).
   */
  public static Segment onDisk(Path file, long offset, long length, long checksum, boolean deleteWhenDone) {
    return new Segment(file, offset, null, 0, length, checksum, deleteWhenDone);
  }

  /** One partition of a spill or map output file, as its index describes it. */
  public static Segment onDisk(Path file, SpillIndex.Entry entry) {
    return onDisk(file, entry.offset(), entry.rawLength(), entry.checksum(), false);
  }

  public static Segment inMemory(byte[] data, int offset, int length, long checksum) {
    return new Segment(null, 0, data, offset, length, checksum, false);
  }

  /** Bytes in the segment, which is what merge passes order segments by. */
  public long length() {
    return length;
  }

  public IFileReader open() throws IOException {
    if (data != null) {
      return new IFileReader(data, dataOffset, (int) length, checksum, "in memory (" + length + " bytes)");
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
    return new IFileReader(in, length, checksum, file + "@" + fileOffset);
  }

  /** Deletes the file if this segment owns it; for segments that are dropped unread. */
  public void discard() throws IOException {
    if (deleteWhenDone) {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public String toString() {
    return data != null ? "in-memory segment of " + length + " bytes" : file + "@" + fileOffset + "+" + length;
  }
}
