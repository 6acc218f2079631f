package io.quern.io.compress;

import io.quern.conf.Configuration;
import java.io.IOException;

/**
 * A coder that compresses the bytes given to it, as Hadoop's
 * {@code org.apache.hadoop.io.compress.Compressor}: a caller gives it input ({@link #setInput})
 * and takes compressed bytes out ({@link #compress}) until it {@link #needsInput() needs more};
 * {@link #finish()} then ends the compressed data, which {@link #compress} gives out until
 * {@link #finished()}. {@link #reset()} starts new data with the same coder, which is what
 * {@link CodecPool} reuses it for; {@link #end()} frees what it holds (native memory for zlib).
 * Not thread-safe.
 */
public interface Compressor {

  /**
   * Input to compress. The compressor may keep a reference to {@code b} rather than a copy:
   * the caller keeps the bytes unchanged until {@link #needsInput()} says they were taken.
   */
  void setInput(byte[] b, int off, int len);

  /** Whether all input given so far has been taken in and more is wanted. */
  boolean needsInput();

  /** A preset dictionary, before any input. */
  void setDictionary(byte[] b, int off, int len);

  /** Uncompressed bytes taken in since the last {@link #reset()}. */
  long getBytesRead();

  /** Compressed bytes given out since the last {@link #reset()}. */
  long getBytesWritten();

  /** No more input follows: {@link #compress} ends the compressed data with what was given. */
  void finish();

  /** Whether the end of the compressed data has been given out. */
  boolean finished();

  /**
   * Puts up to {@code len} compressed bytes into {@code b}.
   *
   * @return how many; 0 when it needs input (or has finished)
   */
  int compress(byte[] b, int off, int len) throws IOException;

  /** Forgets the data so far: the next input starts new compressed data. */
  void reset();

  /** Frees the coder's resources; it cannot be used afterwards. */
  void end();

  /**
   * {@link #reset()}, then takes up the settings of {@code conf} (null: the defaults), which
   * {@link CodecPool} does to a pooled compressor before it hands it out again, so that it
   * compresses as a new one of the codec would whatever its last user set.
   */
  void reinit(Configuration conf);
}
