package io.quern.io;

import static io.quern.io.SequenceFile.SYNC_ESCAPE;
import static io.quern.io.SequenceFile.SYNC_HASH_SIZE;
import static io.quern.io.SequenceFile.SYNC_SIZE;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A SequenceFile's random 16-byte sync marker and the 20-byte sync points made of it (an
 * int -1, then the marker): the writer puts one between records now and then, and a reader
 * dropped at any offset scans for the next one to find a record boundary. It is separate
 * because writing, checking and scanning for sync points are one format rule that the
 * writer, the record reader and the block reader all follow.
 *
 * <p>Confined to the thread reading or writing the file: point is fixed once made, but readMatches reads
 * into check.
 */
final class SyncMarker {

  /** Escape plus marker, the exact 20 bytes of every sync point. */
  private final byte[] point = new byte[SYNC_SIZE];
  private final byte[] check = new byte[SYNC_HASH_SIZE];

  private SyncMarker() {
    Arrays.fill(point, 0, 4, (byte) 0xff);
  }

  /** A new file's marker. */
  static SyncMarker random() {
    SyncMarker made = new SyncMarker();
    new SecureRandom().nextBytes(made.check);
    System.arraycopy(made.check, 0, made.point, 4, SYNC_HASH_SIZE);
    return made;
  }

  /** The marker at the end of a header. */
  static SyncMarker read(DataInput in) throws IOException {
    SyncMarker made = new SyncMarker();
    in.readFully(made.point, 4, SYNC_HASH_SIZE);
    return made;
  }

  /** The bare marker, as the header holds it. */
  void writeMarker(DataOutput out) throws IOException {
    out.write(point, 4, SYNC_HASH_SIZE);
  }

  /** A sync point: the escape and the marker. */
  void writePoint(DataOutput out) throws IOException {
    out.writeInt(SYNC_ESCAPE);
    writeMarker(out);
  }

  /** Reads the 16 bytes after an escape and tells whether they are this file's marker. */
  boolean readMatches(DataInput in) throws IOException {
    in.readFully(check);
    return Arrays.equals(check, 0, SYNC_HASH_SIZE, point, 4, SYNC_SIZE);
  }

  /**
   * The offset of the first sync point at or after {@code position}, or the end of the file if
   * there is none; leaves {@code input} somewhere in between.
   */
  long findFrom(SequenceFileInput input, long position) throws IOException {
    long end = input.end();
    byte[] window = new byte[8192];
    long base = position;
    while (base + SYNC_SIZE <= end) {
      int n = (int) Math.min(window.length, end - base);
      input.seek(base);
      try {
        input.data().readFully(window, 0, n);
      } catch (EOFException e) {
        throw input.corrupt(base, "the file is shorter than its reported length " + end, e);
      }
      for (int i = 0; i + SYNC_SIZE <= n; i++) {
        if (window[i] == SYNC_ESCAPE && Arrays.equals(window, i, i + SYNC_SIZE, point, 0, SYNC_SIZE)) {
          return base + i;
        }
      }
      // Overlap windows so a sync point across the boundary is still found.
      base += n - SYNC_SIZE + 1;
    }
    return end;
  }
}
