package io.quern.mapreduce.lib.input;

import io.quern.io.SeekableInput;
import io.quern.io.Text;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines ending in LF, CR or CRLF from a {@link SeekableInput} or a stream, counting the bytes each
 * line consumed (terminator included) so that readers can track their position exactly.
 */
public final class LineReader {
  private static final int BUFFER = 64 * 1024;
  /** The one read method both kinds of input have. */
  private interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  private final Source in;
  private final byte[] buf = new byte[BUFFER];
  private int len;
  private int pos;

  public LineReader(SeekableInput in) {
    this.in = in::read;
  }

  /** Lines of a stream, e.g. a decompressed file. */
  public LineReader(InputStream in) {
    this.in = in::read;
  }

  private boolean fill() throws IOException {
    pos = 0;
    len = in.read(buf, 0, buf.length);
    return len > 0;
  }

  /**
   * Reads one line into {@code line} (without its terminator); returns the bytes consumed,
   * 0 at end of input.
   */
  public int readLine(Text line) throws IOException {
    line.clear();
    int consumed = 0;
    boolean sawCr = false;
    while (true) {
      if (pos >= len && !fill()) {
        return consumed;
      }
      int startPos = pos;
      int lineEnd = -1;
      int termLen = 0;
      for (; pos < len; pos++) {
        byte b = buf[pos];
        if (sawCr) {
          // CR seen at the end of the previous buffer: a following LF belongs to it.
          termLen = b == '\n' ? 1 : 0;
          if (termLen == 1) {
            pos++;
          }
          consumed += termLen;
          return consumed;
        }
        if (b == '\n') {
          lineEnd = pos;
          termLen = 1;
          pos++;
          break;
        }
        if (b == '\r') {
          lineEnd = pos;
          pos++;
          if (pos < len) {
            termLen = buf[pos] == '\n' ? 2 : 1;
            if (termLen == 2) {
              pos++;
            }
          } else {
            termLen = 1;
            sawCr = true;
          }
          break;
        }
      }
      if (lineEnd >= 0) {
        line.append(buf, startPos, lineEnd - startPos);
        consumed += lineEnd - startPos + termLen;
        if (!sawCr) {
          return consumed;
        }
      } else if (!sawCr) {
        line.append(buf, startPos, pos - startPos);
        consumed += pos - startPos;
      }
    }
  }
}
