package io.quern.fs;

import java.io.IOException;

/** Reads at a given position without moving the stream's own position. */
public interface PositionedReadable {
  int read(long position, byte[] buffer, int offset, int length) throws IOException;

  void readFully(long position, byte[] buffer, int offset, int length) throws IOException;

  default void readFully(long position, byte[] buffer) throws IOException {
    readFully(position, buffer, 0, buffer.length);
  }
}
