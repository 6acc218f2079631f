package io.quern.io;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A map file's index as a reader holds it in memory: the indexed keys in order and the data
 * file position each one's scan starts at, searched by binary search. It is separate because
 * it is loaded once and never changes after, while the reader's position moves with every
 * call; keeping the two apart makes clear which state a lookup changes.
 */
final class MapFileIndex {

  /** Immutable: both arrays are filled by the constructor and never changed after. */
  private final WritableComparable<?>[] keys;
  private final long[] positions;

  private MapFileIndex(WritableComparable<?>[] keys, long[] positions) {
    this.keys = keys;
    this.positions = positions;
  }

  /**
   * Reads {@code index}, keeping one entry in (1 + {@code skip}) and dropping entries whose
   * position repeats the previous one; a torn end (a writer that died) keeps what came before.
   */
  static MapFileIndex read(SequenceFile.Reader index, int skip, Supplier<WritableComparable<?>> newKey)
      throws IOException {
    List<WritableComparable<?>> k = new ArrayList<>();
    long[] p = new long[64];
    int n = 0;
    LongWritable position = new LongWritable();
    int skipped = skip;
    long lastPosition = -1;
    while (true) {
      WritableComparable<?> key = newKey.get();
      try {
        if (!index.next(key, position)) {
          break;
        }
      } catch (EOFException e) {
        // A writer that died mid-index: the entries read so far still help.
        break;
      }
      if (skipped > 0) {
        skipped--;
        continue;
      }
      skipped = skip;
      if (position.get() == lastPosition) {
        continue;
      }
      lastPosition = position.get();
      if (n == p.length) {
        p = Arrays.copyOf(p, n * 2);
      }
      k.add(key);
      p[n++] = position.get();
    }
    return new MapFileIndex(k.toArray(new WritableComparable<?>[0]), Arrays.copyOf(p, n));
  }

  int size() {
    return keys.length;
  }

  WritableComparable<?> key(int i) {
    return keys[i];
  }

  long position(int i) {
    return positions[i];
  }

  /** The entry of {@code key} under {@code comparator}, or {@code -(insertion point + 1)}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  int search(WritableComparable<?> key, WritableComparator comparator) {
    int low = 0;
    int high = keys.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = comparator.compare((WritableComparable) keys[mid], (WritableComparable) key);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }
}
