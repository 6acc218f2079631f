package io.quern.fs;

import java.io.IOException;

/** A stream with a movable read position. */
public interface Seekable {
  void seek(long pos) throws IOException;

  long getPos() throws IOException;
}
