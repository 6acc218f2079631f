package io.quern.io;

import static io.quern.io.SequenceFile.SYNC_INTERVAL;
import static io.quern.io.SequenceFile.SYNC_SIZE;

import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionOutputStream;
import io.quern.io.compress.Compressor;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a {@link SequenceFile.Writer} does: writes the header, then each record plain, with its
 * value compressed, or into the block being built, with a sync point every {@link
 * SequenceFile#SYNC_INTERVAL} bytes, and counts the bytes written. It is separate so that the
 * public writer stays Hadoop's thin API (options, constructors, getters) while the byte layout,
 * the pooled compressor and the running length live here, with one owner.
 *
 * <p>Confined to the thread writing the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Writer is).
 */
final class SequenceFileRecordWriter {

  private final DataOutputStream out;
  private final CompressionType compression;
  private final int blockSize;
  private final SyncMarker sync = SyncMarker.random();
  private final DataOutputBuffer record = new DataOutputBuffer();
  /** The codec's compressor, from the {@link CodecPool}, which {@link #close()} returns it to. */
  private final Compressor pooledCompressor;
  /** Compresses a value (record compression) or a block buffer with {@link #pooledCompressor}; null without compression. */
  private final CompressionOutputStream compressor;
  /** Where {@link #compressor} writes in block compression. */
  private final DataOutputBuffer compressed = new DataOutputBuffer();
  private final DataOutputBuffer plainValue = new DataOutputBuffer();
  private final SequenceFileBlockWriter block = new SequenceFileBlockWriter();
  private long length;
  private long lastSyncPos;
  private boolean closed;

  /**
   * Writes the header to {@code out}, which is owned from now on; {@code codec} is null exactly
   * when {@code compression} is NONE.
   */
  SequenceFileRecordWriter(OutputStream out, Class<?> keyClass, Class<?> valClass, CompressionType compression,
      CompressionCodec codec, int blockSize) throws IOException {
    this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
    this.compression = compression;
    this.blockSize = blockSize;
    // One compressor for every value or block of the file, and pooled for the next file.
    this.pooledCompressor = codec == null ? null : CodecPool.getCompressor(codec);
    try {
      this.compressor = codec == null ? null
          : codec.createOutputStream(compression == CompressionType.RECORD ? record : compressed, pooledCompressor);
      DataOutputBuffer header = new DataOutputBuffer();
      SequenceFileHeader.write(header, keyClass, valClass, codec, compression == CompressionType.BLOCK, sync);
      this.out.write(header.getData(), 0, header.getLength());
      length = header.getLength();
      lastSyncPos = length;
    } catch (IOException | RuntimeException e) {
      CodecPool.returnCompressor(pooledCompressor);
      throw e;
    }
  }

  /** Appends a record whose classes the caller checked. */
  void append(Writable key, Writable val) throws IOException {
    if (compression == CompressionType.BLOCK) {
      if (block.add(key, val, blockSize)) {
        writeBlock();
      }
      return;
    }
    record.reset();
    key.write(record);
    int keyLength = record.getLength();
    if (compression == CompressionType.RECORD) {
      // Serialized first, so the compressor gets one write instead of a writable's many small ones.
      plainValue.reset();
      val.write(plainValue);
      compressor.resetState();
      compressor.write(plainValue.getData(), 0, plainValue.getLength());
      compressor.finish();
    } else {
      val.write(record);
    }
    if (length >= lastSyncPos + SYNC_INTERVAL) {
      sync();
    }
    out.writeInt(record.getLength());
    out.writeInt(keyLength);
    out.write(record.getData(), 0, record.getLength());
    length += 8 + record.getLength();
  }

  /** Writes the buffered records as one block, which always starts with a sync point. */
  private void writeBlock() throws IOException {
    if (block.isEmpty()) {
      return;
    }
    writeSyncPoint();
    length += block.writeTo(out, compressor, compressed);
  }

  private void writeSyncPoint() throws IOException {
    sync.writePoint(out);
    length += SYNC_SIZE;
    lastSyncPos = length;
  }

  /** See {@link SequenceFile.Writer#sync()}. */
  void sync() throws IOException {
    if (compression == CompressionType.BLOCK) {
      writeBlock();
    } else if (lastSyncPos != length) {
      writeSyncPoint();
    }
  }

  long getLength() {
    return length;
  }

  /** Writes the last block, closes the stream and returns the compressor; once only. */
  void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        if (compression == CompressionType.BLOCK) {
          writeBlock();
        }
      } finally {
        try {
          out.close();
        } finally {
          try {
            if (compressor != null) {
              compressor.close();
            }
          } finally {
            CodecPool.returnCompressor(pooledCompressor);
          }
        }
      }
    }
  }
}
