package io.quern.protocol.dfs;

import io.quern.protocol.Checks;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the NameNode knows about one path; {@code path} is absolute and normalized and
 * {@code permission} is the mode (0755), with the sticky bit (01000) where set.
 */
public record DfsFileStatus(String path, boolean directory, long length, int replication, long blockSize,
    long modificationTime, String owner, String group, short permission, boolean underConstruction)
    implements Serializable {
  public DfsFileStatus {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(group, "group");
    Checks.nonNegative(length, "length");
    Checks.nonNegative(replication, "replication");
    Checks.nonNegative(blockSize, "blockSize");
    if (permission < 0 || permission > 01777) {
      throw new IllegalArgumentException("permission " + permission + " is outside 0..01777");
    }
  }
}
