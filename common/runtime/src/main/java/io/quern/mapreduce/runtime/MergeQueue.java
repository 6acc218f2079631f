package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import io.quern.io.RawComparator;
import java.io.IOException;
import java.util.List;

/**
 * Merges open segment readers with a binary min-heap on their current raw keys. The heap
 * is hand-written because advancing the smallest reader then needs one sift-down, where
 * a PriorityQueue would need a poll and an offer.
 */
final class MergeQueue implements RawKeyValueIterator {

  // Confined to the thread that iterates the merge (a merge is one reader's stream), as is everything below.
  private final RawComparator<?> comparator;
  private final IFileReader[] heap;
  private int size;
  /** The reader whose record is current; it sits at heap[0] until the next call to next(). */
  private IFileReader current;

  /** Takes ownership of the readers, which must not have been advanced yet. */
  MergeQueue(List<IFileReader> readers, RawComparator<?> comparator) throws IOException {
    this.comparator = comparator;
    this.heap = new IFileReader[readers.size()];
    try {
      for (IFileReader reader : readers) {
        if (reader.next()) {
          heap[size++] = reader;
          siftUp(size - 1);
        } else {
          reader.close();
        }
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(readers);
      throw e;
    }
  }

  @Override
  public boolean next() throws IOException {
    if (current != null) {
      if (current.next()) {
        siftDown(0);
      } else {
        heap[0] = heap[--size];
        heap[size] = null;
        current.close();
        if (size > 0) {
          siftDown(0);
        }
      }
    }
    current = size > 0 ? heap[0] : null;
    return current != null;
  }

  @Override
  public DataInputBuffer getKey() {
    return current.getKey();
  }

  @Override
  public DataInputBuffer getValue() {
    return current.getValue();
  }

  private boolean less(IFileReader a, IFileReader b) {
    return comparator.compare(a.keyBytes(), a.keyStart(), a.keyLength(), b.keyBytes(), b.keyStart(), b.keyLength()) < 0;
  }

  private void siftUp(int i) {
    IFileReader moving = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(moving, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = moving;
  }

  private void siftDown(int i) {
    IFileReader moving = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], moving)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = moving;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int i = 0; i < size; i++) {
      try {
        heap[i].close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
      heap[i] = null;
    }
    size = 0;
    current = null;
    if (first != null) {
      throw first;
    }
  }

  static void closeQuietly(List<IFileReader> readers) {
    for (IFileReader reader : readers) {
      try {
        reader.close();
      } catch (IOException e) {
        // Already failing; the first error is the one worth reporting.
      }
    }
  }
}
