package io.quern.io.compress;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses into an underlying stream. {@link #finish()} ends the compressed data without
 * closing the underlying stream, so several compressed pieces (a SequenceFile's values, a map
 * output's partitions) can follow each other in one file; {@link #resetState()} then starts
 * the next piece with the same coder.
 */
public abstract class CompressionOutputStream extends OutputStream {

  /** Where the compressed bytes go. */
  protected final OutputStream out;

  protected CompressionOutputStream(OutputStream out) {
    this.out = out;
  }

  /** Writes what is left of the compressed data and its trailer; the underlying stream stays open. */
  public abstract void finish() throws IOException;

  /** After {@link #finish()}: the next write starts a new compressed piece. */
  public abstract void resetState() throws IOException;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Finishes the compressed data, then closes the underlying stream. */
  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
