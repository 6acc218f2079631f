package io.quern.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one SequenceFile being read: its {@link SeekableInput}, a data stream over it
 * that keeps positions exact, the file's length, and the two things every part of the reader
 * needs from them, turning a byte range into a {@link Writable} and naming a damaged offset in
 * one error sentence. It is separate so that the header, record and block readers share one
 * view of the file and say "corrupt SequenceFile at offset N of F" the same way.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
final class SequenceFileInput {

  private final SeekableInput in;
  private final DataInputStream din;
  private final long end;
  private final DataInputBuffer fieldIn = new DataInputBuffer();

  /** Measures {@code in} and moves to its start. */
  SequenceFileInput(SeekableInput in) throws IOException {
    this.in = in;
    this.din = new DataInputStream(new SeekableInputStream(in));
    this.end = in.length();
    in.seek(0);
  }

  DataInputStream data() {
    return din;
  }

  /** The file's length. */
  long end() {
    return end;
  }

  long getPos() throws IOException {
    return in.getPos();
  }

  void seek(long position) throws IOException {
    in.seek(position);
  }

  void close() throws IOException {
    in.close();
  }

  /** Reads {@code w} from {@code data[start, start + length)}, which it must use exactly. */
  void deserialize(Writable w, byte[] data, int start, int length, long at, String role) throws IOException {
    fieldIn.reset(data, start, length);
    try {
      w.readFields(fieldIn);
    } catch (IOException e) {
      throw corrupt(at, "cannot read the " + length + "-byte " + role + " as " + w.getClass().getName()
          + ": " + e, e);
    }
    int used = fieldIn.getPosition() - start;
    if (used != length) {
      throw corrupt(at, "the " + role + " used " + used + " of its " + length + " bytes");
    }
  }

  IOException corrupt(long offset, String what) {
    return new IOException("corrupt SequenceFile at offset " + offset + " of " + in + ": " + what);
  }

  IOException corrupt(long offset, String what, Throwable cause) {
    IOException e = corrupt(offset, what);
    e.initCause(cause);
    return e;
  }

  /** The file as error messages name it. */
  @Override
  public String toString() {
    return String.valueOf(in);
  }

  /** Lets a {@link DataInputStream} read from a {@link SeekableInput}; unbuffered, so positions stay exact. */
  private static final class SeekableInputStream extends InputStream {
    private final SeekableInput in;
    private final byte[] one = new byte[1];

    SeekableInputStream(SeekableInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }
}
