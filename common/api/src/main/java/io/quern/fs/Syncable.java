package io.quern.fs;

import java.io.IOException;

/** An output stream that can push what was written to readers ({@link #hflush}) or to disk ({@link #hsync}). */
public interface Syncable {
  /** Makes the bytes written so far visible to new readers of the file. */
  void hflush() throws IOException;

  /** As {@link #hflush}, and the bytes are on the storage device, so they survive a crash of the host. */
  void hsync() throws IOException;
}
