package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.List;

/** The blocks of a file overlapping a requested range, and the file's readable length. */
public record LocatedBlocks(long fileLength, boolean underConstruction, List<LocatedBlock> blocks)
    implements Serializable {
  public LocatedBlocks {
    Checks.nonNegative(fileLength, "fileLength");
    blocks = List.copyOf(blocks);
  }
}
