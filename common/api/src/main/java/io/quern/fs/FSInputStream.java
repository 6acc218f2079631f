package io.quern.fs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Base of file system input streams: seekable, with positioned reads built on seek. */
public abstract class FSInputStream extends InputStream implements Seekable, PositionedReadable {
  /** The file's length, for {@code SeekableInput}-style adapters. */
  public abstract long length() throws IOException;

  /** Bytes handed out that were read short-circuit from a replica on this host; see {@link io.quern.io.SeekableInput}. */
  public long getShortCircuitBytesRead() {
    return 0;
  }

  @Override
  public synchronized int read(long position, byte[] buffer, int offset, int length) throws IOException {
    long old = getPos();
    try {
      seek(position);
      return read(buffer, offset, length);
    } finally {
      seek(old);
    }
  }

  @Override
  public synchronized void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int n = read(position + done, buffer, offset + done, length - done);
      if (n < 0) {
        throw new EOFException("End of file reached after " + (position + done) + " bytes.");
      }
      done += n;
    }
  }
}
