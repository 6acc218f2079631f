package io.quern.protocol;

import java.io.Serializable;
import java.util.List;

/**
 * Bytes of a block being written, starting at {@code offset} (a multiple of the checksum chunk),
 * with one CRC32C per checksum chunk, and the DataNodes downstream that this one must forward to.
 */
public record WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
    List<DatanodeRef> downstream) implements Serializable {
  public WriteChunk {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(offset, "offset");
    Checks.chunks(data, checksums, bytesPerChecksum);
    downstream = List.copyOf(downstream);
  }

  public WriteChunk forNext() {
    return new WriteChunk(blockId, offset, data, checksums, bytesPerChecksum, downstream.subList(1, downstream.size()));
  }
}
