package io.quern.tools.distcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits a copy list among the maps so that each copies about the same number of bytes: the
 * largest files first, each to the map with the fewest bytes so far (within one largest file of
 * the best split). Directories cost nothing to recreate and go to the first map, ahead of its files.
 * No map gets an empty share: with fewer files than maps, fewer maps run.
 */
public final class CopyPlan {
  private CopyPlan() {}

  /** The shares of at most {@code maps} maps; each share lists directories first. */
  public static List<List<CopyEntry>> split(List<CopyEntry> entries, int maps) {
    if (maps < 1) {
      throw new IllegalArgumentException("the number of maps must be at least 1, not " + maps);
    }
    List<CopyEntry> dirs = new ArrayList<>();
    List<CopyEntry> files = new ArrayList<>();
    for (CopyEntry e : entries) {
      (e.directory() ? dirs : files).add(e);
    }
    int n = Math.max(1, Math.min(maps, files.size()));
    List<List<CopyEntry>> shares = new ArrayList<>();
    long[] bytes = new long[n];
    for (int i = 0; i < n; i++) {
      shares.add(new ArrayList<>());
    }
    shares.get(0).addAll(dirs);
    files.sort(Comparator.comparingLong(CopyEntry::length).reversed().thenComparing(e -> e.source().toString()));
    // Least bytes first; ties to the lower index, so the plan is the same every time.
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(i -> bytes[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) {
      lightest.add(i);
    }
    for (CopyEntry f : files) {
      int i = lightest.poll();
      shares.get(i).add(f);
      bytes[i] += f.length();
      lightest.add(i);
    }
    if (shares.get(0).isEmpty()) {
      return List.of();
    }
    return shares;
  }
}
