package io.quern.datanode;

import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.ReplicaNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads a finalized replica's files: a range of data with its stored checksums, or both files
 * opened for a short-circuit reader. It is separate because reads run without the replica's
 * monitor, on the paths and length {@link BlockStore} took under it, and touch no shared state;
 * keeping them apart shows that no disk read of a block ever holds a lock a writer needs.
 */
final class ReplicaReader {
  private static final Logger LOG = LogManager.getLogger(ReplicaReader.class);

  private ReplicaReader() {}

  /** Data from the checksum piece holding {@code offset}, up to {@code len} bytes past it, with stored checksums. */
  static ReadChunk read(long blockId, Path data, Path meta, long length, long offset, int len) throws IOException {
    if (offset < 0 || offset > length) {
      throw new IOException("Offset " + offset + " is outside blk_" + blockId + " (" + length + " bytes).");
    }
    try (RandomAccessFile m = new RandomAccessFile(meta.toFile(), "r");
         RandomAccessFile d = new RandomAccessFile(data.toFile(), "r")) {
      m.readInt();
      int bpc = m.readInt();
      long start = offset - offset % bpc;
      long end = Math.min(length, offset + len);
      if (end < length && end % bpc != 0) {
        end = Math.min(length, end + bpc - end % bpc);
      }
      byte[] buf = new byte[(int) (end - start)];
      d.seek(start);
      d.readFully(buf);
      int pieces = (buf.length + bpc - 1) / bpc;
      long[] sums = new long[pieces];
      byte[] raw = new byte[4 * pieces];
      m.seek(ReplicaMetaFile.checksumPosition(start, bpc));
      m.readFully(raw);
      ByteBuffer rb = ByteBuffer.wrap(raw);
      for (int i = 0; i < pieces; i++) {
        sums[i] = rb.getInt() & 0xffffffffL;
      }
      return new ReadChunk(start, buf, sums, bpc);
    }
  }

  /**
   * Opens a finalized replica's files for reading, never following a link (a planted link fails
   * the open).
   *
   * @throws ReplicaNotFoundException when its files are gone
   */
  static BlockStore.OpenReplica open(long blockId, Path data, Path meta, long length) throws IOException {
    FileChannel d = null;
    FileChannel m = null;
    try {
      d = FileChannel.open(data, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      m = FileChannel.open(meta, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      ByteBuffer header = ByteBuffer.allocate(8);
      while (header.hasRemaining() && m.read(header, header.position()) > 0) {
        // reads the 8-byte header
      }
      int bpc = header.flip().remaining() == 8 ? header.getInt(4) : 0;
      if (bpc <= 0) {
        throw new IOException("The checksum file of blk_" + blockId + " has no valid header.");
      }
      return new BlockStore.OpenReplica(blockId, d, m, length, bpc);
    } catch (NoSuchFileException e) {
      closeQuietly(d, m);
      throw new ReplicaNotFoundException("The replica of blk_" + blockId + " is no longer here.");
    } catch (IOException e) {
      closeQuietly(d, m);
      // A link planted in place of a block file fails here (ELOOP) rather than being followed.
      throw new IOException("Cannot open the replica of blk_" + blockId + ": " + e.getMessage() + ".", e);
    }
  }

  private static void closeQuietly(FileChannel... channels) {
    for (FileChannel c : channels) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          LOG.debug("Closing {} failed: {}", c, e.getMessage());
        }
      }
    }
  }
}
