package io.quern.protocol.mapred;

import java.io.Serializable;

/**
 * Bytes of one map output partition from an offset, with the partition's total length and
 * the checksum of the whole partition segment, which the reducer verifies once it has it all.
 */
public record ShuffleChunk(byte[] data, long partitionLength, long checksum) implements Serializable {}
