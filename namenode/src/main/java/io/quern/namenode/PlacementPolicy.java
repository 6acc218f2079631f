package io.quern.namenode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hadoop's rack-aware placement: the first replica on the writer's node when it is a DataNode
 * (else a random node), the second on another rack, the third on the second's rack on another
 * node, any further ones at random. Re-replication continues the same pattern from the replicas
 * that exist. Nodes that are leaving, excluded or without room for a block are skipped.
 */
final class PlacementPolicy {
  /** Thread-safe (java.util.Random); the policy is used only under {@link Namespace#lock} anyway. */
  private final Random random;

  PlacementPolicy(Random random) {
    this.random = random;
  }

  /**
   * Up to {@code count} new targets, in pipeline order. {@code chosen} are nodes that already hold
   * (or will hold) the block; they are not returned again.
   */
  List<DatanodeDescriptor> chooseTargets(int count, String writerHost, List<DatanodeDescriptor> chosen,
      Set<String> excluded, long blockSize, Collection<DatanodeDescriptor> nodes) {
    List<DatanodeDescriptor> all = new ArrayList<>(chosen);
    List<DatanodeDescriptor> out = new ArrayList<>();
    Predicate<DatanodeDescriptor> usable = d -> d.inService() && !excluded.contains(d.id)
        && d.remaining >= blockSize && all.stream().noneMatch(c -> c.id.equals(d.id));
    for (int i = 0; i < count; i++) {
      DatanodeDescriptor next = chooseOne(all, writerHost, usable, nodes);
      if (next == null) {
        break;
      }
      all.add(next);
      out.add(next);
    }
    return out;
  }

  private DatanodeDescriptor chooseOne(List<DatanodeDescriptor> all, String writerHost,
      Predicate<DatanodeDescriptor> usable, Collection<DatanodeDescriptor> nodes) {
    if (all.isEmpty()) {
      DatanodeDescriptor local = pick(nodes, usable.and(d -> d.host.equals(writerHost)));
      return local != null ? local : pick(nodes, usable);
    }
    DatanodeDescriptor first = all.get(0);
    if (all.size() == 1) {
      return pickPreferring(nodes, usable, d -> !d.rack.equals(first.rack));
    }
    if (all.size() == 2) {
      DatanodeDescriptor second = all.get(1);
      if (first.rack.equals(second.rack)) {
        return pickPreferring(nodes, usable, d -> !d.rack.equals(first.rack));
      }
      return pickPreferring(nodes, usable, d -> d.rack.equals(second.rack));
    }
    return pick(nodes, usable);
  }

  private DatanodeDescriptor pickPreferring(Collection<DatanodeDescriptor> nodes, Predicate<DatanodeDescriptor> usable,
      Predicate<DatanodeDescriptor> preferred) {
    DatanodeDescriptor d = pick(nodes, usable.and(preferred));
    return d != null ? d : pick(nodes, usable);
  }

  private DatanodeDescriptor pick(Collection<DatanodeDescriptor> nodes, Predicate<DatanodeDescriptor> p) {
    List<DatanodeDescriptor> c = nodes.stream().filter(p).toList();
    return c.isEmpty() ? null : c.get(random.nextInt(c.size()));
  }

  /** Which of a block's replicas to drop: from the rack holding most of them, the fullest node. */
  DatanodeDescriptor chooseExcess(List<DatanodeDescriptor> holders) {
    java.util.Map<String, Long> perRack = new java.util.HashMap<>();
    holders.forEach(h -> perRack.merge(h.rack, 1L, Long::sum));
    long most = perRack.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return holders.stream().filter(h -> perRack.get(h.rack) == most)
        .min(java.util.Comparator.comparingLong(h -> h.remaining)).orElse(null);
  }

  /** Network distance as in Hadoop's two-level topology: 0 same node, 2 same rack, 4 otherwise. */
  static int distance(String readerHost, String readerRack, DatanodeDescriptor d) {
    if (d.host.equals(readerHost)) {
      return 0;
    }
    return d.rack.equals(readerRack) ? 2 : 4;
  }
}
