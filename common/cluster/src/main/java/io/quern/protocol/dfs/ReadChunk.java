package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;

/**
 * Bytes of a finalized replica from {@code offset} (a multiple of {@code bytesPerChecksum}), with
 * the stored CRC32C of each checksum chunk so the reader verifies them end to end.
 */
public record ReadChunk(long offset, byte[] data, long[] checksums, int bytesPerChecksum) implements Serializable {
  public ReadChunk {
    Checks.nonNegative(offset, "offset");
    Checks.chunks(data, checksums, bytesPerChecksum);
  }
}
