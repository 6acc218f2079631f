package io.quern.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the records of one split [start, start + length) of a SequenceFile, with
 * Hadoop's rule for splits that cut records: a split starts at the first sync point at
 * or after its start, and reads on past its end until it passes a sync point located
 * at or beyond its end. Splits that tile a file thus return every record exactly once.
 *
 * <p>Confined to the thread reading the file, as is all its state (not thread-safe, as Hadoop's
 * SequenceFile.Reader is).
 */
public class SequenceFileRangeReader implements Closeable {

  private final SequenceFile.Reader reader;
  private final long start;
  private final long end;
  private boolean more;

  /** The reader is owned by this object from now on. */
  public SequenceFileRangeReader(SequenceFile.Reader reader, long start, long length) throws IOException {
    this.reader = reader;
    this.end = start + length;
    if (start > reader.getPosition()) {
      reader.sync(start);
    }
    this.start = reader.getPosition();
    this.more = this.start < end;
  }

  public SequenceFile.Reader getReader() {
    return reader;
  }

  public boolean next(Writable key, Writable val) throws IOException {
    if (!more) {
      return false;
    }
    long pos = reader.getPosition();
    boolean read = reader.next(key, val);
    // A record behind a sync point at or past the end belongs to the next split.
    more = read && !(pos >= end && reader.syncSeen());
    return more;
  }

  /** Fraction of the split consumed, in [0, 1]. */
  public float getProgress() throws IOException {
    if (end == start) {
      return 0f;
    }
    return Math.min(1f, (reader.getPosition() - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
