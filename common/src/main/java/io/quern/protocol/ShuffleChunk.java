package io.quern.protocol;

import java.io.Serializable;

/** Bytes of one map output partition from an offset, and the partition's total length. */
public record ShuffleChunk(byte[] data, long partitionLength) implements Serializable {}
