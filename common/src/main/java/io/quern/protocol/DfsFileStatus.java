package io.quern.protocol;

import java.io.Serializable;

/** What the NameNode knows about one path; {@code path} is absolute and normalized. */
public record DfsFileStatus(String path, boolean directory, long length, int replication, long blockSize,
    long modificationTime, String owner, boolean underConstruction) implements Serializable {}
