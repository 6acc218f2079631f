package io.quern.io;

import java.io.Closeable;
import java.io.IOException;

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
}
