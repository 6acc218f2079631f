package io.quern.io;

import io.quern.io.compress.CodecPool;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionInputStream;
import io.quern.io.compress.Decompressor;
import java.io.IOException;
import java.util.Arrays;

/**
 * A compressed SequenceFile reader's decompression: one decompressor taken from the {@link
 * CodecPool} for the reader's life, reused for every value (record compression) or block
 * buffer (block compression), and the buffer of plain bytes it fills. It is separate because
 * it owns a pooled resource that must go back to the pool exactly once, whichever way the
 * reader ends.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
final class SequenceFileDecompressor {

  private final CompressionCodec codec;
  private final SequenceFileInput input;
  /** The codec's decompressor, from the {@link CodecPool}; {@link #returnToPool()} returns it and clears this. */
  private Decompressor pooled;
  /** Decompresses from {@link #compressedIn} with {@link #pooled}. */
  private final CompressionInputStream stream;
  private final DataInputBuffer compressedIn = new DataInputBuffer();
  private byte[] plain = new byte[256];

  SequenceFileDecompressor(CompressionCodec codec, SequenceFileInput input) throws IOException {
    this.codec = codec;
    this.input = input;
    this.pooled = CodecPool.getDecompressor(codec);
    try {
      this.stream = codec.createInputStream(compressedIn, pooled);
    } catch (IOException | RuntimeException e) {
      returnToPool();
      throw e;
    }
  }

  /** Decompresses {@code data[off, off + len)} into {@link #plain()}; returns the plain length. */
  int decompress(byte[] data, int off, int len, long at, String what) throws IOException {
    compressedIn.reset(data, off, len);
    stream.resetState();
    int n = 0;
    try {
      while (true) {
        if (n == plain.length) {
          plain = Arrays.copyOf(plain, Math.max(256, 2 * plain.length));
        }
        int got = stream.read(plain, n, plain.length - n);
        if (got < 0) {
          return n;
        }
        n += got;
      }
    } catch (IOException e) {
      throw input.corrupt(at, "cannot decompress the " + what + " with " + codec.getClass().getName() + ": "
          + e.getMessage(), e);
    }
  }

  /** The bytes the last {@link #decompress} made; valid until the next call. */
  byte[] plain() {
    return plain;
  }

  /** Closes the stream, then returns the decompressor to the pool. */
  void close() throws IOException {
    try {
      stream.close();
    } finally {
      returnToPool();
    }
  }

  /** Once only: a second close must not hand back a decompressor another reader took meanwhile. */
  void returnToPool() {
    CodecPool.returnDecompressor(pooled);
    pooled = null;
  }
}
