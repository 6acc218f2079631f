package io.quern.fs;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/** A buffered local file that {@link FSDataOutputStream#hsync()} can force to disk. */
final class LocalFileOutput extends BufferedOutputStream implements Syncable {
  private final FileOutputStream file;

  LocalFileOutput(FileOutputStream file, int bufferSize) {
    super(file, bufferSize);
    this.file = file;
  }

  @Override
  public void hflush() throws IOException {
    flush();
  }

  @Override
  public void hsync() throws IOException {
    flush();
    file.getFD().sync();
  }
}
