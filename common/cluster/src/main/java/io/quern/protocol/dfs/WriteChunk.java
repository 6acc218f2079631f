package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.List;

/**
 * Bytes of a block being written, starting at {@code offset} (a multiple of the checksum chunk),
 * with one CRC32C per checksum chunk, and the DataNodes downstream that this one must forward to.
 * {@code last} marks the chunk that ends the block: each node writes it once the chunks before it
 * are written and finalizes its replica at {@code offset + data.length} in the same call, which
 * saves every block the separate finalize round trip down the pipeline.
 * {@code accessToken}: the writer's block access token, checked by the first node when the
 * writer is a task. {@code ackWaitMs}: how long the sender waits for this call's answer (0: it
 * does not say); the receiver waits less for the next node, so that it can name a next node that
 * hangs before its own sender gives up on it.
 */
public record WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
    List<DatanodeRef> downstream, boolean last, byte[] accessToken, long ackWaitMs) implements Serializable {
  public WriteChunk {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(offset, "offset");
    Checks.nonNegative(ackWaitMs, "ackWaitMs");
    Checks.chunks(data, checksums, bytesPerChecksum);
    downstream = List.copyOf(downstream);
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream, boolean last, byte[] accessToken) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, last, accessToken, 0);
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream, boolean last) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, last, null);
  }

  public WriteChunk(long blockId, long offset, byte[] data, long[] checksums, int bytesPerChecksum,
      List<DatanodeRef> downstream) {
    this(blockId, offset, data, checksums, bytesPerChecksum, downstream, false);
  }

  /** The chunk for the next node, whose answer the forwarding node waits {@code waitMs} for. */
  public WriteChunk forNext(long waitMs) {
    return new WriteChunk(blockId, offset, data, checksums, bytesPerChecksum, downstream.subList(1, downstream.size()),
        last, accessToken, waitMs);
  }
}
