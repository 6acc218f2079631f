package io.quern.protocol;

import java.io.Serializable;

/** A finalized replica a DataNode holds. */
public record ReplicaReport(long blockId, long length) implements Serializable {}
