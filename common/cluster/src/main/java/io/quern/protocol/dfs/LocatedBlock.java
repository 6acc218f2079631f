package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.List;

/**
 * A block of a file, where it starts in the file, and its replicas: sorted nearest first for
 * a reader, in pipeline order for a writer. {@code corrupt} means every known replica is bad.
 * {@code accessToken} is what the DataNodes ask a task for before they serve the block (see
 * {@link io.quern.security.BlockTokens}); null when security is off.
 */
public record LocatedBlock(long blockId, long offset, long length, List<DatanodeRef> locations, boolean corrupt,
    byte[] accessToken) implements Serializable {
  public LocatedBlock {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(offset, "offset");
    Checks.nonNegative(length, "length");
    locations = List.copyOf(locations);
  }

  /** Without a token yet: the NameNode's face adds it for the caller. */
  public LocatedBlock(long blockId, long offset, long length, List<DatanodeRef> locations, boolean corrupt) {
    this(blockId, offset, length, locations, corrupt, null);
  }

  public LocatedBlock withAccessToken(byte[] token) {
    return new LocatedBlock(blockId, offset, length, locations, corrupt, token);
  }
}
