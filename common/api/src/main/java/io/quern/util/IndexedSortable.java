package io.quern.util;

/** Something {@link QuickSort} can sort by position: it never needs the elements as objects. */
public interface IndexedSortable {

  /** Compares the elements at positions {@code i} and {@code j}. */
  int compare(int i, int j);

  /** Exchanges the elements at positions {@code i} and {@code j}. */
  void swap(int i, int j);
}
