package io.quern.protocol;

import java.io.Serializable;

/** A replica that failed checksum verification on {@code datanodeId}. */
public record BadReplica(long blockId, String datanodeId) implements Serializable {}
