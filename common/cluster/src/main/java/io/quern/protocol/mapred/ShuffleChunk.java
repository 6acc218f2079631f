package io.quern.protocol.mapred;

import java.io.Serializable;

/**
 * Bytes of one map output partition from an offset, with the partition's total length (as
 * stored: compressed when the job compresses map output), its length once decompressed
 * ({@code rawLength}, equal when not compressed) and the checksum of the whole raw segment,
 * which the reducer verifies once it has it all.
 */
public record ShuffleChunk(byte[] data, long partitionLength, long rawLength, long checksum)
    implements Serializable {}
