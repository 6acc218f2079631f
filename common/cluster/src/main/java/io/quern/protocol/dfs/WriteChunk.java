package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.List;

/**
 * Bytes of a block being written, starting at {@code offset} (a multiple of the checksum chunk),
 * with one CRC32C per checksum chunk, and the DataNodes downstream that this one must forward to.
 * {@code whole} marks a chunk that is the entire block (offset 0): each node finalizes its replica
 * in the same call, which saves a small file the separate finalize round trip down the pipeline.
 * {@code accessToken}: the writer's block access token, checked by the first node when the
 * writer is a task. {@code ackWaitMs}: how long the sender waits for this call's answer (0: it
 * does not say); the receiver waits less for the next node, so that it can name a next node that
 * hangs before its own sender gives up on it.
 */
public record WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
    List<DatanodeRef> downstream, boolean whole, byte[] accessToken, long ackWaitMs) implements Serializable {
  public WriteChunk {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(offset, "offset");
    Checks.nonNegative(ackWaitMs, "ackWaitMs");
    Checks.chunks(data, checksums, bytesPerChecksum);
    downstream = List.copyOf(downstream);
    if (whole && offset != 0) {
      throw new IllegalArgumentException("a whole-block chunk starts at offset 0, not " + offset);
    }
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream, boolean whole, byte[] accessToken) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, whole, accessToken, 0);
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream, boolean whole) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, whole, null);
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, false);
  }

  /** The chunk for the next node, whose answer the forwarding node waits {@code waitMs} for. */
  public WriteChunk forNext(long waitMs) {
    return new WriteChunk(blockId, offset, data, checksums, bytesPerChecksum, downstream.subList(1, downstream.size()),
        whole, accessToken, waitMs);
  }
}
