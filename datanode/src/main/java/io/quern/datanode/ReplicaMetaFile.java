package io.quern.datanode;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a replica's checksum file {@code blk_<id>.meta}: an 8-byte header (a magic
 * int, then bytes-per-checksum), then one int CRC32C per piece of {@code bpc} data bytes, so
 * piece {@code i}'s checksum is at {@code 8 + 4 i}. It is separate because the write, cut,
 * read and retry paths of {@link BlockStore} all compute these offsets, and one class that
 * knows the layout keeps them from drifting; it holds no state.
 */
final class ReplicaMetaFile {
  private static final int MAGIC = 0x51434d31;

  private ReplicaMetaFile() {}

  /** The header of a new checksum file. */
  static byte[] header(int bpc) {
    return ByteBuffer.allocate(8).putInt(MAGIC).putInt(bpc).array();
  }

  /** The bytes-per-checksum a checksum file's header says. */
  static int readBytesPerChecksum(Path meta) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(meta))) {
      in.readInt();
      return in.readInt();
    }
  }

  /** Where the checksum of the piece starting at data offset {@code offset} is. */
  static long checksumPosition(long offset, int bpc) {
    return 8 + (offset / bpc) * 4;
  }

  /** The length of the checksum file of {@code length} data bytes. */
  static long lengthFor(long length, int bpc) {
    return 8 + (length + bpc - 1) / bpc * 4;
  }

  /** Writes a chunk at data offset {@code offset}: its bytes into the data file, its checksums into the checksum file. */
  static void writeChunk(FileChannel data, FileChannel meta, byte[] bytes, long[] checksums, long offset, int bpc)
      throws IOException {
    writeFully(data, ByteBuffer.wrap(bytes), offset);
    ByteBuffer sums = ByteBuffer.allocate(4 * checksums.length);
    for (long c : checksums) {
      sums.putInt((int) c);
    }
    sums.flip();
    writeFully(meta, sums, checksumPosition(offset, bpc));
  }

  /**
   * Whether {@code meta} holds {@code checksums} at {@code bpc} for the data from {@code offset}
   * (a multiple of {@code bpc}); the replica's monitor held.
   */
  static boolean holds(Path meta, long offset, long[] checksums, int bpc) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(meta)))) {
      in.readInt();
      if (in.readInt() != bpc) {
        return false;
      }
      in.skipNBytes(checksumPosition(offset, bpc) - 8);
      for (long c : checksums) {
        if ((in.readInt() & 0xffffffffL) != c) {
          return false;
        }
      }
      return true;
    }
  }

  private static void writeFully(FileChannel c, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += c.write(b, pos);
    }
  }
}
