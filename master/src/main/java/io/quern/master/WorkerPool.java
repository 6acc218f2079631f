package io.quern.master;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The live workers, with what a scheduling pass asks of them kept up to date as workers join,
 * change and leave and as attempts start and end: each worker's running attempts and when it was
 * last given one, the workers with a free map (reduce) slot in the order they were last given
 * work, and the hosts and racks that hold a worker. A pass then visits only the workers that can
 * take an attempt, in that order, where sorting all workers and rebuilding the host and rack sets
 * on every pass bounded the master at 1,000 workers. Owned by the master's loop thread, like the
 * rest of its {@link JobTables}.
 */
final class WorkerPool {
  /** One live worker as the scheduler counts it. */
  static final class Member {
    // All fields: owned by the master's loop thread.
    private WorkerInfo info;
    /** When it was last given an attempt (a sequence number); 0 if never since it joined. */
    private long lastLaunch;
    private int runningMaps;
    private int runningReduces;
    private boolean live = true;

    private Member(WorkerInfo info) {
      this.info = info;
    }

    WorkerInfo info() {
      return info;
    }

    int running(boolean map) {
      return map ? runningMaps : runningReduces;
    }

    int freeSlots(boolean map) {
      return map ? info.mapSlots() - runningMaps : info.reduceSlots() - runningReduces;
    }

    long lastLaunch() {
      return lastLaunch;
    }
  }

  /**
   * Least recently given work first; workers never given work (since they joined) first of all,
   * by id, as a stable sort of the workers by id put them.
   */
  static final Comparator<Member> BY_LAST_LAUNCH = Comparator.comparingLong((Member m) -> m.lastLaunch)
      .thenComparing(m -> m.info.id());

  // Every field below, the views and the rack function included (they follow the tables): owned by
  // the master's loop thread. The status pages read copies made on it (MasterSnapshots).
  private final Map<String, Member> byId = new HashMap<>();
  /** The workers by id, as the status pages and the blacklist check read them. */
  private final TreeMap<String, WorkerInfo> infos = new TreeMap<>();
  private final Collection<WorkerInfo> infosView = Collections.unmodifiableCollection(infos.values());
  private final TreeSet<Member> freeMap = new TreeSet<>(BY_LAST_LAUNCH);
  private final TreeSet<Member> freeReduce = new TreeSet<>(BY_LAST_LAUNCH);
  /** For each host with a worker, its workers' racks by worker id: the host's rack is its last worker's. */
  private final Map<String, TreeMap<String, String>> racksByHost = new HashMap<>();
  /** Workers per rack. */
  private final Map<String, Integer> workersByRack = new HashMap<>();
  private final Set<String> hostsView = Collections.unmodifiableSet(racksByHost.keySet());
  private final Set<String> racksView = Collections.unmodifiableSet(workersByRack.keySet());
  /**
   * A host's rack: its worker's, else the resolver's (whose cache the submitting thread filled:
   * see {@link MasterNode#resolveSplitRacks}).
   */
  private final Function<String, String> rackOf;
  private long launchSequence;

  /** @param rackOfHost rack of a data host that holds no worker (split hosts are DataNodes) */
  WorkerPool(Function<String, String> rackOfHost) {
    this.rackOf = h -> {
      TreeMap<String, String> racks = racksByHost.get(h);
      return racks != null ? racks.lastEntry().getValue() : rackOfHost.apply(h);
    };
  }

  /** A worker joined, or republished (its slots, load, GPUs may change): the one it replaces, or null. */
  WorkerInfo join(WorkerInfo w) {
    Member m = byId.get(w.id());
    WorkerInfo old = infos.put(w.id(), w);
    if (m == null) {
      m = new Member(w);
      byId.put(w.id(), m);
    } else {
      unplace(m);
      unlocate(m);
      m.info = w;
    }
    place(m);
    locate(m);
    return old;
  }

  /** The worker left: it is no longer live (its attempts still end on it); the one it was, or null when none was live. */
  WorkerInfo leave(String id) {
    Member m = byId.remove(id);
    if (m == null) {
      return null;
    }
    unplace(m);
    unlocate(m);
    m.live = false;
    infos.remove(id);
    return m.info;
  }

  WorkerInfo get(String id) {
    return infos.get(id);
  }

  Member member(String id) {
    return byId.get(id);
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  int size() {
    return byId.size();
  }

  /** The live workers by id (a read-only view). */
  Collection<WorkerInfo> infos() {
    return infosView;
  }

  /** The hosts and racks holding a live worker, and the rack of any host: views that follow the pool. */
  LiveWorkers live() {
    return new LiveWorkers(hostsView, racksView, byId.size(), rackOf);
  }

  /** The workers with a free map (reduce) slot now, least recently given work first: a copy. */
  List<Member> withFreeSlot(boolean map) {
    return new ArrayList<>(map ? freeMap : freeReduce);
  }

  /** The worker was given an attempt; one that holds a slot ({@code slot}) counts as running there. */
  void launched(Member m, boolean slot, boolean map) {
    unplace(m);
    m.lastLaunch = ++launchSequence;
    if (slot) {
      if (map) {
        m.runningMaps++;
      } else {
        m.runningReduces++;
      }
    }
    place(m);
  }

  /** An attempt that held one of the worker's slots left the running state. */
  void ended(Member m, boolean map) {
    if (m.running(map) == 0) {
      throw new IllegalStateException("worker " + m.info.id() + " has no running " + (map ? "map" : "reduce")
          + " to end");
    }
    unplace(m);
    if (map) {
      m.runningMaps--;
    } else {
      m.runningReduces--;
    }
    place(m);
  }

  /** Takes the worker out of the free-slot orders, before a change of its key or slots. */
  private void unplace(Member m) {
    if (m.live) {
      freeMap.remove(m);
      freeReduce.remove(m);
    }
  }

  /** Puts the worker back into the orders of the slots it has free. */
  private void place(Member m) {
    if (m.live) {
      if (m.freeSlots(true) > 0) {
        freeMap.add(m);
      }
      if (m.freeSlots(false) > 0) {
        freeReduce.add(m);
      }
    }
  }

  private void locate(Member m) {
    racksByHost.computeIfAbsent(m.info.host(), h -> new TreeMap<>()).put(m.info.id(), m.info.rack());
    workersByRack.merge(m.info.rack(), 1, Integer::sum);
  }

  private void unlocate(Member m) {
    TreeMap<String, String> racks = racksByHost.get(m.info.host());
    racks.remove(m.info.id());
    if (racks.isEmpty()) {
      racksByHost.remove(m.info.host());
    }
    if (workersByRack.merge(m.info.rack(), -1, Integer::sum) == 0) {
      workersByRack.remove(m.info.rack());
    }
  }
}
