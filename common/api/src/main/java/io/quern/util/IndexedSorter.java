package io.quern.util;

/** Sorts an {@link IndexedSortable} in place by position ({@link QuickSort} is one). */
public interface IndexedSorter {
  /** Sorts positions [from, to). */
  void sort(IndexedSortable s, int from, int to);

  /** Sorts positions [from, to), calling {@code progress} (may be null) now and then on a long sort. */
  void sort(IndexedSortable s, int from, int to, Progressable progress);
}
