package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuickSortTest {

  /** Sorts an int array through the IndexedSortable interface and counts comparisons. */
  private static final class IntArraySortable implements IndexedSortable {
    final int[] values;
    long comparisons;

    IntArraySortable(int[] values) {
      this.values = values;
    }

    @Override
    public int compare(int i, int j) {
      comparisons++;
      return Integer.compare(values[i], values[j]);
    }

    @Override
    public void swap(int i, int j) {
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  private static void assertSorts(int[] input) {
    int[] expected = input.clone();
    Arrays.sort(expected);
    IntArraySortable s = new IntArraySortable(input.clone());
    new QuickSort().sort(s, 0, input.length);
    assertArrayEquals(expected, s.values);
    double n = Math.max(2, input.length);
    assertTrue(s.comparisons < 8 * n * Math.log(n) / Math.log(2) + 100,
        s.comparisons + " comparisons for " + input.length + " elements");
  }

  @Test
  void sortsRandomSortedReversedAndDuplicateHeavyInputs() {
    Random random = new Random(11);
    for (int n : new int[] {0, 1, 2, 3, 16, 17, 100, 10_000}) {
      int[] randomValues = random.ints(n).toArray();
      assertSorts(randomValues);
      assertSorts(random.ints(n, 0, 3).toArray());
      int[] sorted = randomValues.clone();
      Arrays.sort(sorted);
      assertSorts(sorted);
      int[] reversed = new int[n];
      for (int i = 0; i < n; i++) {
        reversed[i] = sorted[n - 1 - i];
      }
      assertSorts(reversed);
      assertSorts(new int[n]);
    }
  }

  @Test
  void organPipeAndSawtoothStayNLogN() {
    int n = 20_000;
    int[] organ = new int[n];
    int[] saw = new int[n];
    for (int i = 0; i < n; i++) {
      organ[i] = i < n / 2 ? i : n - i;
      saw[i] = i % 97;
    }
    assertSorts(organ);
    assertSorts(saw);
  }

  @Test
  void sortsASubrangeOnly() {
    int[] values = {9, 8, 7, 3, 2, 1, 0};
    IntArraySortable s = new IntArraySortable(values);
    new QuickSort().sort(s, 1, 6);
    assertArrayEquals(new int[] {9, 1, 2, 3, 7, 8, 0}, values);
  }

  @Test
  void aLongSortReportsProgress() {
    int[] a = new Random(3).ints(10_000).toArray();
    IndexedSortable s = new IndexedSortable() {
      @Override
      public int compare(int i, int j) {
        return Integer.compare(a[i], a[j]);
      }

      @Override
      public void swap(int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    };
    int[] calls = new int[1];
    IndexedSorter sorter = new QuickSort();
    sorter.sort(s, 0, a.length, () -> calls[0]++);
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] <= a[i]);
    }
    assertTrue(calls[0] > 0);
  }
}
