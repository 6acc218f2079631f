package io.quern.protocol.dfs;

import java.io.Serializable;
import java.util.Objects;

/**
 * A file just created for writing, with its first block already allocated: the writer of a
 * small file then needs no addBlock round trip (nor its edit-log sync) before sending data.
 * {@code firstBlock} is null when no DataNode could take one; the writer then asks with addBlock.
 */
public record CreatedFile(DfsFileStatus status, LocatedBlock firstBlock) implements Serializable {
  public CreatedFile {
    Objects.requireNonNull(status, "status");
  }
}
