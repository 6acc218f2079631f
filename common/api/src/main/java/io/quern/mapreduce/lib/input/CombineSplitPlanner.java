package io.quern.mapreduce.lib.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups file pieces into combined splits as Hadoop's CombineFileInputFormat does: first
 * splits of pieces that share a host (up to the maximum size, one per host per round so
 * that splits spread over the hosts), then of pieces that share a rack, then of whatever is
 * left. A host's or rack's leftover below its minimum waits for the next, wider level.
 * Every piece ends in exactly one split.
 */
final class CombineSplitPlanner {
  /** A piece of a file (a block, or part of one) with the hosts and racks holding it. */
  record Chunk(String path, long offset, long length, List<String> hosts, List<String> racks) {
    Chunk {
      hosts = List.copyOf(hosts);
      racks = List.copyOf(racks);
    }
  }

  /** One combined split: its pieces in order, and the hosts to run it on. */
  record Planned(List<Chunk> chunks, List<String> hosts) {
    long length() {
      long n = 0;
      for (Chunk c : chunks) {
        n += c.length();
      }
      return n;
    }
  }

  private final long maxSize;
  private final long minSizeNode;
  private final long minSizeRack;

  /** @param maxSize largest split in bytes, 0 or less for no limit */
  CombineSplitPlanner(long maxSize, long minSizeNode, long minSizeRack) {
    this.maxSize = maxSize <= 0 ? Long.MAX_VALUE : maxSize;
    this.minSizeNode = minSizeNode;
    this.minSizeRack = minSizeRack;
    if (minSizeNode > this.maxSize) {
      throw new IllegalArgumentException("minimum split size per node " + minSizeNode
          + " cannot be larger than the maximum split size " + maxSize);
    }
    if (minSizeRack > this.maxSize) {
      throw new IllegalArgumentException("minimum split size per rack " + minSizeRack
          + " cannot be larger than the maximum split size " + maxSize);
    }
    if (minSizeRack != 0 && minSizeNode > minSizeRack) {
      throw new IllegalArgumentException("minimum split size per node " + minSizeNode
          + " cannot be larger than the minimum split size per rack " + minSizeRack);
    }
  }

  /** Cuts a block into pieces no larger than the maximum, halving the last two rather than leaving a sliver. */
  List<Chunk> cut(String path, long offset, long length, List<String> hosts, List<String> racks) {
    List<Chunk> out = new ArrayList<>();
    long left = length;
    long at = offset;
    while (left > 0) {
      long n = left > maxSize && left < 2 * maxSize ? left / 2 : Math.min(maxSize, left);
      out.add(new Chunk(path, at, n, hosts, racks));
      left -= n;
      at += n;
    }
    return out;
  }

  List<Planned> plan(List<Chunk> chunks) {
    Set<Chunk> unassigned = new LinkedHashSet<>(chunks);
    Map<String, List<Chunk>> byHost = new TreeMap<>();
    Map<String, List<Chunk>> byRack = new TreeMap<>();
    for (Chunk c : chunks) {
      for (String h : c.hosts()) {
        byHost.computeIfAbsent(h, k -> new ArrayList<>()).add(c);
      }
      for (String r : c.racks()) {
        byRack.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
      }
    }
    List<Planned> out = new ArrayList<>();
    // Full splits per host, one per host per round.
    boolean made = true;
    while (made) {
      made = false;
      for (Map.Entry<String, List<Chunk>> e : byHost.entrySet()) {
        List<Chunk> full = take(e.getValue(), unassigned, maxSize, true);
        if (full != null) {
          out.add(new Planned(full, List.of(e.getKey())));
          made = true;
        }
      }
    }
    // A host's leftover, when it is worth a split of its own.
    if (minSizeNode > 0) {
      for (Map.Entry<String, List<Chunk>> e : byHost.entrySet()) {
        List<Chunk> rest = take(e.getValue(), unassigned, Long.MAX_VALUE, false);
        if (rest != null && size(rest) < minSizeNode) {
          unassigned.addAll(rest);
        } else if (rest != null) {
          out.add(new Planned(rest, List.of(e.getKey())));
        }
      }
    }
    // Then per rack: full splits, and a leftover worth a split.
    for (Map.Entry<String, List<Chunk>> e : byRack.entrySet()) {
      List<Chunk> group;
      while ((group = take(e.getValue(), unassigned, maxSize, true)) != null) {
        out.add(new Planned(group, hostsOf(group)));
      }
      List<Chunk> rest = take(e.getValue(), unassigned, Long.MAX_VALUE, false);
      if (rest != null && (minSizeRack == 0 || size(rest) < minSizeRack)) {
        unassigned.addAll(rest);
      } else if (rest != null) {
        out.add(new Planned(rest, hostsOf(rest)));
      }
    }
    // Whatever is left, in order, up to the maximum.
    List<Chunk> overflow = new ArrayList<>();
    long size = 0;
    for (Chunk c : new ArrayList<>(unassigned)) {
      overflow.add(c);
      size += c.length();
      if (size >= maxSize) {
        out.add(new Planned(List.copyOf(overflow), hostsOf(overflow)));
        overflow.clear();
        size = 0;
      }
    }
    if (!overflow.isEmpty()) {
      out.add(new Planned(List.copyOf(overflow), hostsOf(overflow)));
    }
    return out;
  }

  /**
   * Takes unassigned chunks of {@code candidates} until they reach {@code limit} bytes. With
   * {@code onlyFull}, returns them only when they reach it (otherwise puts them back).
   */
  private static List<Chunk> take(List<Chunk> candidates, Set<Chunk> unassigned, long limit, boolean onlyFull) {
    List<Chunk> group = new ArrayList<>();
    long size = 0;
    for (Chunk c : candidates) {
      if (!unassigned.contains(c)) {
        continue;
      }
      group.add(c);
      size += c.length();
      if (size >= limit) {
        group.forEach(unassigned::remove);
        return group;
      }
    }
    if (onlyFull || group.isEmpty()) {
      return null;
    }
    group.forEach(unassigned::remove);
    return group;
  }

  private static long size(List<Chunk> chunks) {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.length();
    }
    return n;
  }

  private static List<String> hostsOf(List<Chunk> chunks) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (Chunk c : chunks) {
      for (String h : c.hosts()) {
        bytes.merge(h, c.length(), Long::sum);
      }
    }
    // Hosts holding most of the split first: the scheduler tries them in order.
    return bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(Map.Entry::getKey).toList();
  }
}
