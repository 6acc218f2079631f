package io.quern.fs;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * A {@link DataInputStream} over a file system stream, with seek and positioned reads as in
 * Hadoop; also a {@link io.quern.io.SeekableInput}, so SequenceFile readers take it directly.
 */
public class FSDataInputStream extends DataInputStream
    implements Seekable, PositionedReadable, io.quern.io.SeekableInput {
  private final FSInputStream stream;

  public FSDataInputStream(FSInputStream in) {
    super(in);
    this.stream = in;
  }

  @Override
  public void seek(long pos) throws IOException {
    stream.seek(pos);
  }

  @Override
  public long getPos() throws IOException {
    return stream.getPos();
  }

  /** The length of the file being read. */
  @Override
  public long length() throws IOException {
    return stream.length();
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    return stream.read(position, buffer, offset, length);
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    stream.readFully(position, buffer, offset, length);
  }

  @Override
  public void readFully(long position, byte[] buffer) throws IOException {
    stream.readFully(position, buffer, 0, buffer.length);
  }

  @Override
  public long getShortCircuitBytesRead() {
    return stream.getShortCircuitBytesRead();
  }

  public FSInputStream getWrappedStream() {
    return stream;
  }
}
