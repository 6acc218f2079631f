package io.quern.fs;

import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A {@link DataOutputStream} over a file system stream that knows its position, as in Hadoop. */
public class FSDataOutputStream extends DataOutputStream {
  private static final class Counting extends FilterOutputStream {
    /** Confined to the thread writing the stream (not thread-safe, as Hadoop's FSDataOutputStream is). */
    long pos;

    Counting(OutputStream out, long start) {
      super(out);
      this.pos = start;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }
  }

  private final OutputStream wrapped;

  public FSDataOutputStream(OutputStream out) {
    this(out, 0);
  }

  /** A stream whose first byte lands at {@code startPosition} of the file (an append). */
  public FSDataOutputStream(OutputStream out, long startPosition) {
    super(new Counting(out, startPosition));
    this.wrapped = out;
  }

  public long getPos() {
    return ((Counting) out).pos;
  }

  public OutputStream getWrappedStream() {
    return wrapped;
  }

  /**
   * Makes the bytes written so far visible to new readers when the file system's stream can
   * ({@link Syncable}, e.g. a local file); otherwise only flushes it, as Hadoop does: a DFS
   * file's last partial chunk becomes visible when the file is closed.
   */
  public void hflush() throws IOException {
    out.flush();
    if (wrapped instanceof Syncable s) {
      s.hflush();
    } else {
      wrapped.flush();
    }
  }

  /**
   * As {@link #hflush()}, and forces the bytes to the storage device when the stream can
   * ({@link Syncable}, e.g. a local file); otherwise only flushes it, as Hadoop does.
   */
  public void hsync() throws IOException {
    out.flush();
    if (wrapped instanceof Syncable s) {
      s.hsync();
    } else {
      wrapped.flush();
    }
  }
}
