package io.quern.io.compress;

import java.io.IOException;
import java.io.InputStream;

/** Decompresses from an underlying stream. */
public abstract class CompressionInputStream extends InputStream {

  /** Where the compressed bytes come from. */
  protected final InputStream in;

  protected CompressionInputStream(InputStream in) {
    this.in = in;
  }

  /**
   * Forgets everything read so far, including bytes read ahead from the underlying stream:
   * the next byte it gives starts a new compressed piece (a caller that refilled it with the
   * next SequenceFile value, say).
   */
  public abstract void resetState() throws IOException;

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
