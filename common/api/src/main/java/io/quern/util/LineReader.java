package io.quern.util;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.io.Text;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines ending in LF, CR or CRLF from a stream, counting the
 * bytes each line consumed (terminator included) so that a reader can track its position
 * exactly. A CR at the end of one buffer and an LF at the start of the next are one terminator.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's LineReader is).
 */
public class LineReader implements Closeable {
  private static final int DEFAULT_BUFFER = 64 * 1024;
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final InputStream in;
  private final byte[] buf;
  private int len;
  private int pos;

  public LineReader(InputStream in) {
    this(in, DEFAULT_BUFFER);
  }

  public LineReader(InputStream in, int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("The buffer size must be positive, not " + bufferSize + ".");
    }
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** Buffers {@code io.file.buffer.size} bytes at a time. */
  public LineReader(InputStream in, Configuration conf) {
    this(in, CoreKeys.IO_FILE_BUFFER_SIZE.getInt(conf));
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads one line into {@code line} (without its terminator); returns the bytes consumed, 0 at end of input. */
  public int readLine(Text line) throws IOException {
    return readLine(line, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** As {@link #readLine(Text)}, keeping at most {@code maxLineLength} bytes of the line (the rest is consumed). */
  public int readLine(Text line, int maxLineLength) throws IOException {
    return readLine(line, maxLineLength, Integer.MAX_VALUE);
  }

  /**
   * Reads one line into {@code line}, keeping at most its first {@code maxLineLength} bytes, and
   * stops reading once {@code maxBytesToConsume} bytes are consumed even in the middle of a line
   * (the caller sees a line cut short, as from the last bytes of a split). Returns the bytes
   * consumed, terminator included; 0 at end of input.
   */
  public int readLine(Text line, int maxLineLength, int maxBytesToConsume) throws IOException {
    line.clear();
    long consumed = 0;
    int kept = 0;
    int terminator = 0;
    // A CR that ended the previous buffer: the line ends there, with an LF after it or not.
    boolean pendingCr = false;
    while (terminator == 0 && consumed < maxBytesToConsume) {
      if (pos >= len) {
        pos = 0;
        len = in.read(buf, 0, buf.length);
        if (len <= 0) {
          len = 0;
          break;
        }
      }
      if (pendingCr) {
        // The CR is counted already; an LF right after it belongs to the same terminator.
        terminator = 1;
        if (buf[pos] == LF) {
          pos++;
          consumed++;
        }
        break;
      }
      int start = pos;
      int end = -1; // where the line's content ends in this buffer, once its terminator is seen
      for (; pos < len; pos++) {
        byte b = buf[pos];
        if (b == LF) {
          end = pos;
          terminator = 1;
          pos++;
          break;
        }
        if (b == CR) {
          end = pos;
          pos++;
          if (pos < len) {
            terminator = 1;
            if (buf[pos] == LF) {
              terminator = 2;
              pos++;
            }
          } else {
            pendingCr = true;
            consumed++;
          }
          break;
        }
      }
      int content = (end >= 0 ? end : pos) - start;
      int keep = Math.min(content, maxLineLength - kept);
      if (keep > 0) {
        line.append(buf, start, keep);
        kept += keep;
      }
      consumed += content + terminator;
    }
    return (int) Math.min(consumed, Integer.MAX_VALUE);
  }
}
