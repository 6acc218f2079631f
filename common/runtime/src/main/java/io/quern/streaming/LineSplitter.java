package io.quern.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a program's output as lines ending in LF (a CR before it is dropped, as Hadoop's line
 * reader does); a last line without a terminator counts too. The returned line lives in a
 * buffer reused by the next call.
 */
public final class LineSplitter {
  // Confined to the thread that reads the stream (a StreamProcess reader), as is all state below.
  private final InputStream in;
  private final byte[] chunk;
  private int chunkLen;
  private int chunkPos;
  private byte[] line = new byte[256];
  private int lineLen;

  public LineSplitter(InputStream in) {
    this(in, 64 * 1024);
  }

  LineSplitter(InputStream in, int chunkSize) {
    this.in = in;
    this.chunk = new byte[chunkSize];
  }

  /** Reads the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    lineLen = 0;
    boolean any = false;
    while (true) {
      if (chunkPos >= chunkLen) {
        chunkLen = in.read(chunk, 0, chunk.length);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          dropCarriageReturn();
          return any;
        }
      }
      any = true;
      int start = chunkPos;
      while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
        chunkPos++;
      }
      append(start, chunkPos - start);
      if (chunkPos < chunkLen) {
        chunkPos++; // the LF
        dropCarriageReturn();
        return true;
      }
    }
  }

  private void dropCarriageReturn() {
    if (lineLen > 0 && line[lineLen - 1] == '\r') {
      lineLen--;
    }
  }

  private void append(int from, int n) {
    if (lineLen + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
    }
    System.arraycopy(chunk, from, line, lineLen, n);
    lineLen += n;
  }

  public byte[] bytes() {
    return line;
  }

  public int length() {
    return lineLen;
  }
}
