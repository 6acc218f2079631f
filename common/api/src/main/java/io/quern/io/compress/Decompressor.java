package io.quern.io.compress;

import java.io.IOException;

/**
 * A coder that decompresses the bytes given to it, as Hadoop's
 * {@code org.apache.hadoop.io.compress.Decompressor}: a caller gives it compressed input
 * ({@link #setInput}) and takes plain bytes out ({@link #decompress}) until it {@link
 * #needsInput() needs more} or {@link #finished() reaches the end} of the compressed data; the
 * input it did not use then (the start of what follows) is {@link #getRemaining()}. {@link
 * #reset()} starts on new compressed data with the same coder, which {@link CodecPool} reuses
 * it for; {@link #end()} frees what it holds. Not thread-safe.
 */
public interface Decompressor {

  /**
   * Compressed input. The decompressor may keep a reference to {@code b} rather than a copy:
   * the caller keeps the bytes unchanged until {@link #needsInput()} or {@link #finished()}.
   */
  void setInput(byte[] b, int off, int len);

  /** Whether all input given so far has been used and more is wanted; look at {@link #finished()} first. */
  boolean needsInput();

  void setDictionary(byte[] b, int off, int len);

  /** Whether the data needs a preset dictionary before it can go on. */
  boolean needsDictionary();

  /** Whether the end of the compressed data has been reached. */
  boolean finished();

  /**
   * Puts up to {@code len} decompressed bytes into {@code b}.
   *
   * @return how many; 0 when it needs input or a dictionary, or has finished
   * @throws IOException if the compressed data is damaged
   */
  int decompress(byte[] b, int off, int len) throws IOException;

  /** Bytes of the last input not used: after {@link #finished()}, what followed the compressed data. */
  int getRemaining();

  /** Forgets the data so far: the next input starts new compressed data. */
  void reset();

  /** Frees the coder's resources; it cannot be used afterwards. */
  void end();
}
