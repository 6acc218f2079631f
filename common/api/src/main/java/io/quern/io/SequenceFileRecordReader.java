package io.quern.io;

import static io.quern.io.SequenceFile.SYNC_ESCAPE;
import static io.quern.io.SequenceFile.SYNC_SIZE;

import io.quern.conf.Configuration;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * What a {@link SequenceFile.Reader} does once the record classes are checked: reads the
 * header, then the records one after another (plain, with compressed values, or from blocks
 * through a {@link SequenceFileBlockReader}), checks each sync point it passes, and moves to
 * the next sync point on request. It is separate so that the public reader stays Hadoop's thin
 * API while the file position, the current record buffer and the pooled decompressor have one
 * owner here.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
final class SequenceFileRecordReader {

  private final SeekableInput in;
  private final SequenceFileInput input;
  private final SequenceFileHeader header;
  private final long headerEnd;
  private byte[] record = new byte[256];
  private boolean syncSeen;
  /** Null without compression. */
  private final SequenceFileDecompressor decompressor;
  /** Null unless block-compressed. */
  private final SequenceFileBlockReader blocks;

  /** Reads the header; owns {@code in} and closes it, also when the header is bad. */
  SequenceFileRecordReader(SeekableInput in, Configuration conf) throws IOException {
    this.in = in;
    SequenceFileDecompressor made = null;
    try {
      this.input = new SequenceFileInput(in);
      this.header = SequenceFileHeader.read(input, conf);
      this.headerEnd = in.getPos();
      if (header.compressed()) {
        made = new SequenceFileDecompressor(header.codec(), input);
      }
      this.decompressor = made;
      this.blocks = header.blockCompressed() ? new SequenceFileBlockReader(input, made) : null;
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      } finally {
        if (made != null) {
          made.returnToPool();
        }
      }
      throw e;
    }
  }

  SequenceFileHeader header() {
    return header;
  }

  /** The file as error messages name it. */
  SeekableInput source() {
    return in;
  }

  /** See {@link SequenceFile.Reader#next}; the classes of {@code key} and {@code val} are checked. */
  boolean next(Writable key, Writable val) throws IOException {
    if (blocks != null) {
      return nextInBlock(key, val);
    }
    long at = in.getPos();
    if (at >= input.end()) {
      return false;
    }
    DataInputStream din = input.data();
    int recordLength;
    int keyLength;
    try {
      recordLength = din.readInt();
      if (recordLength == SYNC_ESCAPE) {
        if (!header.sync().readMatches(din)) {
          throw input.corrupt(at, "sync marker does not match the header's");
        }
        syncSeen = true;
        at = in.getPos();
        if (at >= input.end()) {
          return false;
        }
        recordLength = din.readInt();
      } else {
        syncSeen = false;
      }
      keyLength = din.readInt();
      long left = input.end() - in.getPos();
      if (recordLength < 0 || recordLength > left) {
        throw input.corrupt(at, "record length " + recordLength + " but " + left + " bytes left in the file");
      }
      if (keyLength < 0 || keyLength > recordLength) {
        throw input.corrupt(at, "key length " + keyLength + " in a record of " + recordLength + " bytes");
      }
      if (record.length < recordLength) {
        record = new byte[Math.max(recordLength, 2 * record.length)];
      }
      din.readFully(record, 0, recordLength);
    } catch (EOFException e) {
      throw input.corrupt(at, "the file ends inside a record", e);
    }
    input.deserialize(key, record, 0, keyLength, at, "key");
    if (decompressor != null) {
      int n = decompressor.decompress(record, keyLength, recordLength - keyLength, at, "value");
      input.deserialize(val, decompressor.plain(), 0, n, at, "value");
    } else {
      input.deserialize(val, record, keyLength, recordLength - keyLength, at, "value");
    }
    return true;
  }

  /** The next record of the current block, reading the next block first when it is used up. */
  private boolean nextInBlock(Writable key, Writable val) throws IOException {
    syncSeen = false;
    if (!blocks.hasRecords()) {
      long at = in.getPos();
      if (at >= input.end()) {
        return false;
      }
      try {
        if (input.data().readInt() != SYNC_ESCAPE) {
          throw input.corrupt(at, "a block does not start with a sync point");
        }
        if (!header.sync().readMatches(input.data())) {
          throw input.corrupt(at, "sync marker does not match the header's");
        }
        syncSeen = true;
        blocks.read(at);
      } catch (EOFException e) {
        throw input.corrupt(at, "the file ends inside a block", e);
      }
    }
    blocks.next(key, val);
    return true;
  }

  /** See {@link SequenceFile.Reader#sync(long)}. */
  void sync(long position) throws IOException {
    discardBlock();
    if (position + SYNC_SIZE >= input.end()) {
      in.seek(input.end());
      return;
    }
    if (position < headerEnd) {
      in.seek(headerEnd);
      syncSeen = true;
      return;
    }
    in.seek(header.sync().findFrom(input, position));
  }

  boolean syncSeen() {
    return syncSeen;
  }

  long getPosition() throws IOException {
    return in.getPos();
  }

  void seek(long position) throws IOException {
    discardBlock();
    in.seek(position);
  }

  private void discardBlock() {
    if (blocks != null) {
      blocks.discard();
    }
  }

  void close() throws IOException {
    try {
      in.close();
    } finally {
      if (decompressor != null) {
        decompressor.close();
      }
    }
  }
}
