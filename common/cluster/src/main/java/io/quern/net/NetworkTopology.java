package io.quern.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Network distances between nodes named by host and rack path, as in Hadoop: a node sits below
 * its rack path ({@code /dc1/rack1/host}), and the distance between two nodes is the number of
 * hops from each up to their closest common ancestor. Same node 0, same rack 2, another rack
 * under the same parent 4, and one more per level further apart.
 *
 * <p>Pure functions; a null or blank rack counts as {@link #DEFAULT_RACK}.
 */
public final class NetworkTopology {
  public static final String DEFAULT_RACK = "/default-rack";

  private NetworkTopology() {}

  /**
   * The rack path without trailing slashes, or null when {@code rack} is not a rack path
   * (does not start with '/', or has nothing after it).
   */
  public static String normalize(String rack) {
    if (rack == null) {
      return null;
    }
    String r = rack.trim();
    if (!r.startsWith("/")) {
      return null;
    }
    int end = r.length();
    while (end > 0 && r.charAt(end - 1) == '/') {
      end--;
    }
    return end == 0 ? null : r.substring(0, end);
  }

  /** Hops from each node up to their closest common ancestor, summed. */
  public static int distance(String hostA, String rackA, String hostB, String rackB) {
    List<String> a = pathOf(hostA, rackA);
    List<String> b = pathOf(hostB, rackB);
    int common = 0;
    while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
      common++;
    }
    return (a.size() - common) + (b.size() - common);
  }

  public static boolean isOnSameRack(String rackA, String rackB) {
    return rackOrDefault(rackA).equals(rackOrDefault(rackB));
  }

  /**
   * A copy of {@code nodes} sorted by distance from the reader, closest first. The sort is
   * stable: nodes at the same distance keep their order, so a caller that wants to spread load
   * over equally close replicas shuffles them first.
   */
  public static <T> List<T> sortByDistance(String readerHost, String readerRack, List<T> nodes,
      Function<? super T, String> hostOf, Function<? super T, String> rackOf) {
    List<T> sorted = new ArrayList<>(nodes);
    sorted.sort(Comparator.comparingInt(
        n -> distance(readerHost, readerRack, hostOf.apply(n), rackOf.apply(n))));
    return sorted;
  }

  private static List<String> pathOf(String host, String rack) {
    List<String> path = new ArrayList<>();
    for (String level : rackOrDefault(rack).substring(1).split("/")) {
      if (!level.isEmpty()) {
        path.add(level);
      }
    }
    path.add(host == null ? "" : host);
    return path;
  }

  private static String rackOrDefault(String rack) {
    String r = normalize(rack);
    return r == null ? DEFAULT_RACK : r;
  }
}
