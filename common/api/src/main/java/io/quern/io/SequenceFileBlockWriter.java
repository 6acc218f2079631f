package io.quern.io;

import io.quern.io.compress.CompressionOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The records a block-compressing SequenceFile writer holds until a block is full: four
 * growing buffers (key lengths as vints, keys, value lengths as vints, values) and their
 * record count, written out as a record count and the four buffers compressed one by one.
 * It is separate because it owns the block being built, state a writer of plain or
 * record-compressed files has none of; the writer puts the sync point in front of each block.
 *
 * <p>Confined to the thread writing the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Writer is).
 */
final class SequenceFileBlockWriter {

  private final DataOutputBuffer keyLengths = new DataOutputBuffer();
  private final DataOutputBuffer keys = new DataOutputBuffer();
  private final DataOutputBuffer valueLengths = new DataOutputBuffer();
  private final DataOutputBuffer values = new DataOutputBuffer();
  private int records;

  /** Adds a record; true once the block's keys and values reach {@code blockSize} bytes. */
  boolean add(Writable key, Writable val, int blockSize) throws IOException {
    int before = keys.getLength();
    key.write(keys);
    WritableUtils.writeVInt(keyLengths, keys.getLength() - before);
    before = values.getLength();
    val.write(values);
    WritableUtils.writeVInt(valueLengths, values.getLength() - before);
    records++;
    return keys.getLength() + values.getLength() >= blockSize;
  }

  boolean isEmpty() {
    return records == 0;
  }

  /**
   * Writes the record count and the four buffers, each compressed by {@code compressor} into
   * {@code compressed}, to {@code out}, and empties the block; returns the bytes written.
   */
  long writeTo(DataOutputStream out, CompressionOutputStream compressor, DataOutputBuffer compressed)
      throws IOException {
    WritableUtils.writeVInt(out, records);
    long written = WritableUtils.getVIntSize(records);
    written += writeCompressed(keyLengths, out, compressor, compressed);
    written += writeCompressed(keys, out, compressor, compressed);
    written += writeCompressed(valueLengths, out, compressor, compressed);
    written += writeCompressed(values, out, compressor, compressed);
    records = 0;
    return written;
  }

  private static long writeCompressed(DataOutputBuffer buffer, DataOutputStream out,
      CompressionOutputStream compressor, DataOutputBuffer compressed) throws IOException {
    compressed.reset();
    compressor.resetState();
    compressor.write(buffer.getData(), 0, buffer.getLength());
    compressor.finish();
    WritableUtils.writeVInt(out, compressed.getLength());
    out.write(compressed.getData(), 0, compressed.getLength());
    buffer.reset();
    return WritableUtils.getVIntSize(compressed.getLength()) + compressed.getLength();
  }
}
