package io.quern.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the rack of every host another mapping has resolved, and asks it only about hosts
 * not seen before. Keyed by the exact string given: a host's name and its address are separate
 * entries. Thread-safe; two threads resolving the same new host at once may both ask the
 * wrapped mapping, which is harmless since the answers are equal.
 */
public final class CachedDNSToSwitchMapping implements DNSToSwitchMapping {
  private final DNSToSwitchMapping raw;
  /** A concurrent map (see the class). */
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  public CachedDNSToSwitchMapping(DNSToSwitchMapping raw) {
    this.raw = raw;
  }

  @Override
  public List<String> resolve(List<String> hosts) {
    List<String> uncached = new ArrayList<>(new LinkedHashSet<>(hosts));
    uncached.removeIf(cache::containsKey);
    if (!uncached.isEmpty()) {
      List<String> racks = raw.resolve(uncached);
      for (int i = 0; i < uncached.size(); i++) {
        cache.put(uncached.get(i), racks.get(i));
      }
    }
    List<String> out = new ArrayList<>(hosts.size());
    for (String host : hosts) {
      out.add(cache.get(host));
    }
    return out;
  }

  /** Forgets every cached host, for example after the topology script or table was edited. */
  public void clear() {
    cache.clear();
  }

  @Override
  public String toString() {
    return "Cached" + raw;
  }
}
