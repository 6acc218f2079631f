package io.quern.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The small random-access view of a file that {@link SequenceFile.Reader} needs; a local
 * file ({@link LocalSeekableInput}) and a DFS input stream both provide it.
 */
public interface SeekableInput extends Closeable {

  /** The offset of the next byte {@link #read} returns. */
  long getPos() throws IOException;

  void seek(long pos) throws IOException;

  /** Reads up to {@code len} bytes; returns -1 at end of file, never 0 for {@code len > 0}. */
  int read(byte[] buf, int off, int len) throws IOException;

  /** The length of the file in bytes. */
  long length() throws IOException;

  /**
   * Bytes this input has handed out that were read short-circuit, straight from a replica on
   * this host rather than through a DataNode's RPC (HDFS's {@code ReadStatistics}); 0 for inputs
   * that have no such path.
   */
  default long getShortCircuitBytesRead() {
    return 0;
  }

  /**
   * This input as a stream reading on from the current position (a decompressor reads a
   * compressed file through it); closing the stream closes this input.
   */
  default InputStream asInputStream() {
    SeekableInput self = this;
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
          n = self.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : self.read(b, off, len);
      }

      @Override
      public void close() throws IOException {
        self.close();
      }
    };
  }
}
