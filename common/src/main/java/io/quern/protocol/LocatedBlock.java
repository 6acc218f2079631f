package io.quern.protocol;

import java.io.Serializable;
import java.util.List;

/**
 * A block of a file, where it starts in the file, and its replicas: sorted nearest first for
 * a reader, in pipeline order for a writer. {@code corrupt} means every known replica is bad.
 */
public record LocatedBlock(long blockId, long offset, long length, List<DatanodeRef> locations, boolean corrupt)
    implements Serializable {
  public LocatedBlock {
    Checks.nonNegative(blockId, "blockId");
    Checks.nonNegative(offset, "offset");
    Checks.nonNegative(length, "length");
    locations = List.copyOf(locations);
  }
}
