package io.quern.mapreduce.lib.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.lib.input.CombineSplitPlanner.Chunk;
import io.quern.mapreduce.lib.input.CombineSplitPlanner.Planned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How blocks spread over hosts and racks are grouped into combined splits. */
class CombineSplitPlannerTest {
  private static final List<String> HOSTS = List.of("h0", "h1", "h2", "h3", "h4", "h5");

  private static String rackOf(String host) {
    return Integer.parseInt(host.substring(1)) < 3 ? "/r0" : "/r1";
  }

  /** {@code files} files of random block counts, each block on 2 random hosts. */
  private static List<Chunk> blocks(CombineSplitPlanner planner, int files, long blockSize, Random r) {
    List<Chunk> out = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      long length = blockSize * r.nextInt(4) + 1 + r.nextInt((int) blockSize);
      for (long off = 0; off < length; off += blockSize) {
        List<String> hosts = new ArrayList<>(HOSTS);
        java.util.Collections.shuffle(hosts, r);
        hosts = hosts.subList(0, 2);
        List<String> racks = hosts.stream().map(CombineSplitPlannerTest::rackOf).distinct().toList();
        out.addAll(planner.cut("/f" + f, off, Math.min(blockSize, length - off), hosts, racks));
      }
    }
    return out;
  }

  @Test
  void everyPieceLandsInOneSplitAndHostSplitsRunWhereTheirDataIs() {
    long max = 300;
    CombineSplitPlanner planner = new CombineSplitPlanner(max, 0, 0);
    List<Chunk> chunks = blocks(planner, 60, 128, new Random(11));
    List<Planned> splits = planner.plan(chunks);

    List<Chunk> seen = new ArrayList<>();
    Map<String, Integer> splitsPerHost = new HashMap<>();
    for (Planned p : splits) {
      seen.addAll(p.chunks());
      assertTrue(p.length() < max + 128, "a split stops once it reaches the maximum: " + p.length());
      if (p.hosts().size() == 1) {
        String host = p.hosts().get(0);
        for (Chunk c : p.chunks()) {
          assertTrue(c.hosts().contains(host), "a host's split holds only its blocks");
        }
        splitsPerHost.merge(host, 1, Integer::sum);
      }
      for (Chunk c : p.chunks()) {
        assertTrue(c.hosts().stream().anyMatch(p.hosts()::contains), "a split's hosts include each piece's");
      }
    }
    assertEquals(chunks.size(), seen.size(), "no piece twice");
    assertEquals(new HashSet<>(chunks), new HashSet<>(seen), "every piece once");
    assertEquals(HOSTS.size(), splitsPerHost.size(), "host splits spread over every host: " + splitsPerHost);
    long total = chunks.stream().mapToLong(Chunk::length).sum();
    assertTrue(splits.size() <= total / max + 1, splits.size() + " splits for " + total + " bytes");
  }

  @Test
  void largeBlocksAreCutWithoutSlivers() {
    CombineSplitPlanner planner = new CombineSplitPlanner(100, 0, 0);
    List<Long> sizes = planner.cut("/f", 0, 350, List.of("h0"), List.of("/r0")).stream().map(Chunk::length).toList();
    assertEquals(List.of(100L, 100L, 75L, 75L), sizes);
    List<Chunk> one = planner.cut("/f", 1000, 40, List.of("h0"), List.of("/r0"));
    assertEquals(1, one.size());
    assertEquals(1000, one.get(0).offset());
  }

  @Test
  void leftoversBelowTheHostMinimumAreCombinedAtRackLevel() {
    CombineSplitPlanner planner = new CombineSplitPlanner(1000, 150, 400);
    List<Chunk> chunks = new ArrayList<>();
    // Each host holds 100 bytes (below the host minimum); the rack holds 300 (below the rack minimum).
    for (String h : List.of("h0", "h1", "h2", "h3")) {
      chunks.add(new Chunk("/" + h, 0, 100, List.of(h), List.of(rackOf(h))));
    }
    List<Planned> splits = planner.plan(chunks);
    assertEquals(1, splits.size(), "all leftovers end in one overflow split: " + splits);
    assertEquals(Set.of("h0", "h1", "h2", "h3"), new HashSet<>(splits.get(0).hosts()));

    CombineSplitPlanner byRack = new CombineSplitPlanner(1000, 150, 250);
    List<Planned> racked = byRack.plan(chunks);
    assertEquals(2, racked.size(), "rack /r0 holds 300 bytes, enough for a split; /r1's one block overflows");
  }

  @Test
  void inconsistentMinimumsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CombineSplitPlanner(100, 200, 0));
    assertThrows(IllegalArgumentException.class, () -> new CombineSplitPlanner(100, 50, 40));
  }
}
