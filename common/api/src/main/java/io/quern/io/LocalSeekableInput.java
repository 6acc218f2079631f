package io.quern.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link SeekableInput} over a local file with a read buffer; seeking within the
 * buffered window costs nothing, which keeps {@link SequenceFile.Reader#sync} cheap.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
public class LocalSeekableInput implements SeekableInput {

  private static final int BUFFER_SIZE = 64 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  /** File offset of buffer[0]; the buffer holds bytes [bufferStart, bufferStart + limit). */
  private long bufferStart;
  private long pos;

  public LocalSeekableInput(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    buffer.limit(0);
  }

  @Override
  public long getPos() {
    return pos;
  }

  @Override
  public void seek(long newPos) throws IOException {
    if (newPos < 0) {
      throw new IOException("cannot seek to negative offset " + newPos);
    }
    pos = newPos;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos < bufferStart || pos >= bufferStart + buffer.limit()) {
      if (len >= BUFFER_SIZE) {
        // Large reads go straight to the file; buffering them would only add a copy.
        int n = channel.read(ByteBuffer.wrap(buf, off, len), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
      if (!fill()) {
        return -1;
      }
    }
    int start = (int) (pos - bufferStart);
    int n = Math.min(len, buffer.limit() - start);
    System.arraycopy(buffer.array(), start, buf, off, n);
    pos += n;
    return n;
  }

  private boolean fill() throws IOException {
    buffer.clear();
    bufferStart = pos;
    int n;
    do {
      n = channel.read(buffer, bufferStart + buffer.position());
    } while (n == 0 && buffer.hasRemaining());
    buffer.flip();
    return buffer.limit() > 0;
  }

  @Override
  public long length() throws IOException {
    return channel.size();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
