package io.quern.io;

import java.io.IOException;

/**
 * The records of a block-compressed SequenceFile: reads one block's four compressed buffers
 * (key lengths, keys, value lengths, values), decompresses them, and hands out its records one
 * by one, checking each length against what is left. It is separate because it holds the
 * current block, state the plain record path has none of; the reader keeps the sync point
 * in front of each block and what {@code syncSeen()} says.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
final class SequenceFileBlockReader {

  private final SequenceFileInput input;
  private final SequenceFileDecompressor decompressor;
  private final BlockBuffer keyLengths = new BlockBuffer();
  private final BlockBuffer keys = new BlockBuffer();
  private final BlockBuffer valueLengths = new BlockBuffer();
  private final BlockBuffer values = new BlockBuffer();
  private byte[] compressedBytes = new byte[256];
  private int recordsLeft;

  SequenceFileBlockReader(SequenceFileInput input, SequenceFileDecompressor decompressor) {
    this.input = input;
    this.decompressor = decompressor;
  }

  /** Whether records of the current block are left. */
  boolean hasRecords() {
    return recordsLeft > 0;
  }

  /** Forgets the current block, after the reader moved. */
  void discard() {
    recordsLeft = 0;
  }

  /** Reads the block after its sync point at {@code at}: record count and buffers. */
  void read(long at) throws IOException {
    int count = WritableUtils.readVInt(input.data());
    if (count <= 0) {
      throw input.corrupt(at, "a block of " + count + " records");
    }
    readBuffer(keyLengths, at, "key lengths");
    readBuffer(keys, at, "keys");
    readBuffer(valueLengths, at, "value lengths");
    readBuffer(values, at, "values");
    recordsLeft = count;
  }

  /** Reads the next record of the current block into {@code key} and {@code val}. */
  void next(Writable key, Writable val) throws IOException {
    long at = input.getPos();
    int keyLength = keyLengths.nextLength(at, "key length");
    int valueLength = valueLengths.nextLength(at, "value length");
    input.deserialize(key, keys.data, keys.take(keyLength, at, "key"), keyLength, at, "key");
    input.deserialize(val, values.data, values.take(valueLength, at, "value"), valueLength, at, "value");
    if (--recordsLeft == 0 && !(keyLengths.used() && keys.used() && valueLengths.used() && values.used())) {
      throw input.corrupt(at, "the block before this offset holds more bytes than its records");
    }
  }

  private void readBuffer(BlockBuffer into, long at, String what) throws IOException {
    int length = WritableUtils.readVInt(input.data());
    long left = input.end() - input.getPos();
    if (length < 0 || length > left) {
      throw input.corrupt(at, "compressed " + what + " of " + length + " bytes but " + left + " bytes left in the file");
    }
    if (compressedBytes.length < length) {
      compressedBytes = new byte[Math.max(length, 2 * compressedBytes.length)];
    }
    input.data().readFully(compressedBytes, 0, length);
    int n = decompressor.decompress(compressedBytes, 0, length, at, what);
    into.set(decompressor.plain(), n);
  }

  /** One decompressed buffer of a block, read front to back. */
  private final class BlockBuffer {
    private byte[] data = new byte[0];
    private int length;
    private int pos;

    void set(byte[] from, int n) {
      if (data.length < n) {
        data = new byte[Math.max(n, 2 * data.length)];
      }
      System.arraycopy(from, 0, data, 0, n);
      length = n;
      pos = 0;
    }

    int nextLength(long at, String what) throws IOException {
      if (pos >= length) {
        throw input.corrupt(at, "the block has fewer " + what + "s than records");
      }
      int size = WritableUtils.decodeVIntSize(data[pos]);
      if (size > length - pos) {
        throw input.corrupt(at, "the block ends inside a " + what);
      }
      long v = WritableComparator.readVLong(data, pos);
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw input.corrupt(at, "impossible " + what + " " + v);
      }
      pos += size;
      return (int) v;
    }

    /** Returns the start of the next {@code n} bytes and moves past them. */
    int take(int n, long at, String what) throws IOException {
      if (n > length - pos) {
        throw input.corrupt(at, "a " + n + "-byte " + what + " but " + (length - pos) + " bytes left in the block");
      }
      int start = pos;
      pos += n;
      return start;
    }

    boolean used() {
      return pos == length;
    }
  }
}
