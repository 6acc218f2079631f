package io.quern.util;

/**
 * An in-place introsort over an {@link IndexedSortable}: quicksort with median-of-three
 * pivots and three-way partitioning (map output often has long runs of equal keys),
 * insertion sort for short ranges, and heapsort once recursion gets suspiciously deep,
 * so the worst case stays O(n log n). Not stable.
 */
public final class QuickSort implements IndexedSorter {

  private static final int INSERTION_SORT_MAX = 16;

  public QuickSort() {
  }

  /** Sorts positions [from, to). */
  @Override
  public void sort(IndexedSortable s, int from, int to) {
    sortRange(s, from, to, null);
  }

  /** Sorts positions [from, to), reporting progress to {@code progress} (may be null) as it goes. */
  @Override
  public void sort(IndexedSortable s, int from, int to, Progressable progress) {
    sortRange(s, from, to, progress);
  }

  private static void sortRange(IndexedSortable s, int from, int to, Progressable progress) {
    int depthBudget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from)));
    sort(s, from, to, depthBudget, progress);
  }

  private static void sort(IndexedSortable s, int lo, int hi, int depthBudget, Progressable progress) {
    while (hi - lo > INSERTION_SORT_MAX) {
      if (progress != null) {
        progress.progress();
      }
      if (depthBudget-- == 0) {
        heapSort(s, lo, hi);
        return;
      }
      moveMedianOfThreeTo(s, lo, (lo + hi) >>> 1, hi - 1);
      // Dijkstra's three-way partition around the element at lt, which stays equal to the pivot:
      // [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
      int lt = lo;
      int i = lo + 1;
      int gt = hi - 1;
      while (i <= gt) {
        int c = s.compare(i, lt);
        if (c < 0) {
          s.swap(lt++, i++);
        } else if (c > 0) {
          s.swap(i, gt--);
        } else {
          i++;
        }
      }
      // Recurse into the smaller side and loop on the larger, bounding the stack at O(log n).
      if (lt - lo < hi - gt - 1) {
        sort(s, lo, lt, depthBudget, progress);
        lo = gt + 1;
      } else {
        sort(s, gt + 1, hi, depthBudget, progress);
        hi = lt;
      }
    }
    insertionSort(s, lo, hi);
  }

  private static void moveMedianOfThreeTo(IndexedSortable s, int target, int b, int c) {
    int a = target;
    if (s.compare(b, a) < 0) {
      s.swap(a, b);
    }
    if (s.compare(c, b) < 0) {
      s.swap(b, c);
      if (s.compare(b, a) < 0) {
        s.swap(a, b);
      }
    }
    s.swap(target, b);
  }

  private static void insertionSort(IndexedSortable s, int lo, int hi) {
    for (int i = lo + 1; i < hi; i++) {
      for (int j = i; j > lo && s.compare(j - 1, j) > 0; j--) {
        s.swap(j - 1, j);
      }
    }
  }

  private static void heapSort(IndexedSortable s, int lo, int hi) {
    int n = hi - lo;
    for (int root = n / 2 - 1; root >= 0; root--) {
      siftDown(s, lo, root, n);
    }
    for (int end = n - 1; end > 0; end--) {
      s.swap(lo, lo + end);
      siftDown(s, lo, 0, end);
    }
  }

  private static void siftDown(IndexedSortable s, int base, int root, int size) {
    while (true) {
      int child = 2 * root + 1;
      if (child >= size) {
        return;
      }
      if (child + 1 < size && s.compare(base + child, base + child + 1) < 0) {
        child++;
      }
      if (s.compare(base + root, base + child) >= 0) {
        return;
      }
      s.swap(base + root, base + child);
      root = child;
    }
  }
}
