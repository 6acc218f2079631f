package io.quern.mapreduce.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Where each partition's segment lies in a spill or map output file.
 *
 * <p>The index file is an int partition count, then per partition four longs (offset, raw
 * length, length in the file, CRC32C of the raw segment), then a CRC32C of everything before
 * it. The two lengths differ when map output is compressed.
 */
public final class SpillIndex {

  /**
   * One partition's segment: {@code partLength} bytes at {@code offset} in the file, which are
   * {@code rawLength} bytes once decompressed.
   */
  public record Entry(long offset, long rawLength, long partLength, long checksum) {
    /** An uncompressed segment. */
    public Entry(long offset, long rawLength, long checksum) {
      this(offset, rawLength, rawLength, checksum);
    }

    /** Whether the segment has records, i.e. is more than an EOF marker. */
    public boolean hasRecords() {
      return rawLength > IFileWriter.EOF_MARKER_LENGTH;
    }
  }

  private static final int ENTRY_BYTES = 32;

  /**
   * Confined to the thread that fills it (a spill's thread, or the map thread for the merge);
   * published with its Spill under MapOutputBuffer's lock, or through the index file; read-only after.
   */
  private final Entry[] entries;

  public SpillIndex(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("need at least one partition, not " + partitions);
    }
    this.entries = new Entry[partitions];
  }

  public int partitions() {
    return entries.length;
  }

  public Entry get(int partition) {
    return entries[partition];
  }

  public void set(int partition, Entry entry) {
    entries[partition] = entry;
  }

  public void write(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(4 + entries.length * ENTRY_BYTES + 8);
    bytes.putInt(entries.length);
    for (int p = 0; p < entries.length; p++) {
      Entry e = entries[p];
      if (e == null) {
        throw new IllegalStateException("no segment recorded for partition " + p);
      }
      bytes.putLong(e.offset()).putLong(e.rawLength()).putLong(e.partLength()).putLong(e.checksum());
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), 0, bytes.position());
    bytes.putLong(crc.getValue());
    Files.write(file, bytes.array());
  }

  public static SpillIndex read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** The index in {@code bytes}, read from {@code file} (for the errors). */
  public static SpillIndex parse(byte[] bytes, String file) throws IOException {
    if (bytes.length < 4 + ENTRY_BYTES + 8) {
      throw new IOException("corrupt map output index " + file + ": only " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int partitions = in.getInt();
    if (partitions < 1 || bytes.length != 4 + (long) partitions * ENTRY_BYTES + 8) {
      throw new IOException("corrupt map output index " + file + ": " + bytes.length + " bytes for "
          + partitions + " partitions");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      throw new IOException("corrupt map output index " + file + ": checksum mismatch");
    }
    SpillIndex index = new SpillIndex(partitions);
    for (int p = 0; p < partitions; p++) {
      index.set(p, new Entry(in.getLong(), in.getLong(), in.getLong(), in.getLong()));
    }
    return index;
  }
}
