package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pool keeps incrementally what a scheduling pass used to rebuild from all workers: each
 * check here rebuilds it from scratch, as the pass did, and compares.
 */
class WorkerPoolTest {
  private static final String[] HOSTS = {"h1", "h2", "h3", "h4", "h5"};
  private static final String[] RACKS = {"/r1", "/r2", "/r3"};

  private static String dataRack(String host) {
    return "/data-" + host;
  }

  /** Random joins, republishes (other host, rack or slots), leaves, launches and ends, against a model. */
  @Test
  void keptSetsAndOrdersEqualTheOnesRebuiltFromScratch() {
    Random r = new Random(7);
    WorkerPool pool = new WorkerPool(WorkerPoolTest::dataRack);
    Map<String, WorkerInfo> live = new TreeMap<>();
    Map<String, Long> lastLaunch = new HashMap<>();
    long sequence = 0;
    // The running attempts of the model: worker member and slot kind (true: map), as attempts hold them.
    List<Object[]> running = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      int roll = r.nextInt(100);
      String id = "w" + r.nextInt(40);
      if (roll < 20) {
        WorkerInfo w = new WorkerInfo(id, HOSTS[r.nextInt(HOSTS.length)], RACKS[r.nextInt(RACKS.length)],
            "e", r.nextInt(4), r.nextInt(3));
        assertEquals(live.put(id, w), pool.join(w));
      } else if (roll < 30) {
        WorkerInfo gone = live.remove(id);
        assertEquals(gone, pool.leave(id));
        lastLaunch.remove(id);
        // A lost worker's attempts end (the tracker ends them at once); they still count on the old member.
        running.removeIf(a -> {
          WorkerPool.Member m = (WorkerPool.Member) a[0];
          if (m.info().id().equals(id)) {
            pool.ended(m, (Boolean) a[1]);
            return true;
          }
          return false;
        });
      } else if (roll < 70 && !live.isEmpty()) {
        List<String> ids = new ArrayList<>(live.keySet());
        String on = ids.get(r.nextInt(ids.size()));
        WorkerPool.Member m = pool.member(on);
        boolean map = r.nextBoolean();
        boolean slot = r.nextInt(10) != 0; // a cleanup attempt takes no slot
        pool.launched(m, slot, map);
        lastLaunch.put(on, ++sequence);
        if (slot) {
          running.add(new Object[] {m, map});
        }
      } else if (!running.isEmpty()) {
        Object[] a = running.remove(r.nextInt(running.size()));
        pool.ended((WorkerPool.Member) a[0], (Boolean) a[1]);
      }
      check(pool, live, lastLaunch, running);
    }
  }

  private static void check(WorkerPool pool, Map<String, WorkerInfo> live, Map<String, Long> lastLaunch,
      List<Object[]> running) {
    // Rebuilt from scratch, as SlotAssigner.liveWorkers and the sort in the pass did.
    Set<String> hosts = new HashSet<>();
    Set<String> racks = new HashSet<>();
    Map<String, String> rackByHost = new TreeMap<>();
    for (WorkerInfo w : live.values()) {
      hosts.add(w.host());
      racks.add(w.rack());
      rackByHost.put(w.host(), w.rack());
    }
    LiveWorkers kept = pool.live();
    assertEquals(hosts, kept.hosts());
    assertEquals(racks, kept.racks());
    assertEquals(live.size(), kept.count());
    for (String h : List.of("h1", "h2", "h3", "h4", "h5", "d9")) {
      assertEquals(rackByHost.containsKey(h) ? rackByHost.get(h) : dataRack(h), kept.rackOf().apply(h), "rack of " + h);
    }
    assertEquals(new ArrayList<>(live.values()), new ArrayList<>(pool.infos()));
    Map<String, int[]> counts = new HashMap<>();
    for (Object[] a : running) {
      WorkerPool.Member m = (WorkerPool.Member) a[0];
      if (live.containsKey(m.info().id())) {
        counts.computeIfAbsent(m.info().id(), k -> new int[2])[(Boolean) a[1] ? 0 : 1]++;
      }
    }
    List<WorkerInfo> byLastLaunch = live.values().stream()
        .sorted(java.util.Comparator.comparingLong((WorkerInfo w) -> lastLaunch.getOrDefault(w.id(), 0L))).toList();
    for (boolean map : new boolean[] {true, false}) {
      List<String> expected = new ArrayList<>();
      for (WorkerInfo w : byLastLaunch) {
        int n = counts.getOrDefault(w.id(), new int[2])[map ? 0 : 1];
        assertEquals(n, pool.member(w.id()).running(map), w.id() + " running " + (map ? "maps" : "reduces"));
        if ((map ? w.mapSlots() : w.reduceSlots()) - n > 0) {
          expected.add(w.id());
        }
      }
      assertEquals(expected, pool.withFreeSlot(map).stream().map(m -> m.info().id()).toList(),
          "workers with a free " + (map ? "map" : "reduce") + " slot, least recently given work first");
    }
  }

  @Test
  void aWorkerThatLeftAndCameBackStartsAfresh() {
    WorkerPool pool = new WorkerPool(WorkerPoolTest::dataRack);
    pool.join(new WorkerInfo("a", "h1", "/r1", "e", 1, 1));
    pool.join(new WorkerInfo("b", "h2", "/r1", "e", 1, 1));
    WorkerPool.Member a = pool.member("a");
    pool.launched(a, true, true);
    assertEquals(List.of("b"), pool.withFreeSlot(true).stream().map(m -> m.info().id()).toList());
    assertEquals(List.of("b", "a"), pool.withFreeSlot(false).stream().map(m -> m.info().id()).toList());
    pool.leave("a");
    assertNull(pool.member("a"));
    pool.join(new WorkerInfo("a", "h1", "/r1", "e", 1, 1));
    // The old attempt ends on the member it was launched on, not on the new one.
    pool.ended(a, true);
    assertEquals(0, pool.member("a").running(true));
    assertEquals(List.of("a", "b"), pool.withFreeSlot(true).stream().map(m -> m.info().id()).toList());
    assertThrows(IllegalStateException.class, () -> pool.ended(pool.member("a"), true));
  }
}
