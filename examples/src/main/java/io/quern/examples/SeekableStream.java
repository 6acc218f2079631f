package io.quern.examples;

import io.quern.io.SeekableInput;
import java.io.IOException;
import java.io.InputStream;

/** An InputStream over a {@link SeekableInput}, for reading small result files. */
final class SeekableStream extends InputStream {
  private final SeekableInput in;

  SeekableStream(SeekableInput in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return len == 0 ? 0 : in.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
