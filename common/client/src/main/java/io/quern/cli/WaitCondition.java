package io.quern.cli;

import io.quern.cluster.Membership;
import io.quern.cluster.Role;
import io.quern.cluster.zk.ZkCluster;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code admin -wait ROLE COUNT ... [active-master 1] [-timeout S]}: blocks until that many
 * daemons of each role have registered, so start scripts end when the cluster is usable.
 */
final class WaitCondition {
  /** Immutable after parsing. */
  private final Map<String, Integer> wanted;
  private final long timeoutMs;

  private WaitCondition(Map<String, Integer> wanted, long timeoutMs) {
    this.wanted = wanted;
    this.timeoutMs = timeoutMs;
  }

  static WaitCondition parse(String[] args) {
    Map<String, Integer> wanted = new LinkedHashMap<>();
    long timeoutMs = 60_000;
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("-wait expects pairs of ROLE COUNT, got a lone '" + args[i] + "'");
      }
      if (args[i].equals("-timeout")) {
        timeoutMs = (long) (Double.parseDouble(args[i + 1]) * 1000);
        continue;
      }
      String what = args[i].toLowerCase(java.util.Locale.ROOT);
      if (!what.equals("active-master")) {
        Role.parse(what); // rejects unknown roles with a clear error below
      }
      try {
        wanted.put(what, Integer.parseInt(args[i + 1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("-wait: '" + args[i + 1] + "' is not a count");
      }
    }
    return new WaitCondition(wanted, timeoutMs);
  }

  int await(ZkCluster zk, PrintStream out) throws InterruptedException {
    long start = System.nanoTime();
    Membership m = zk.membership();
    while (true) {
      Map<String, Integer> have = count(zk, m);
      if (have.entrySet().stream().allMatch(e -> e.getValue() >= wanted.get(e.getKey()))) {
        out.printf("up after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, describe(have));
        return 0;
      }
      if ((System.nanoTime() - start) / 1_000_000 > timeoutMs) {
        System.err.printf("admin: not up after %.0f s: %s; see the daemon logs under quern.log.dir%n",
            timeoutMs / 1000.0, describe(have));
        return 1;
      }
      Thread.sleep(100);
    }
  }

  private Map<String, Integer> count(ZkCluster zk, Membership m) {
    Map<String, Integer> have = new LinkedHashMap<>();
    for (String what : wanted.keySet()) {
      if (what.equals("active-master")) {
        have.put(what, zk.leaderView().leader().isPresent() ? 1 : 0);
      } else {
        have.put(what, m.live(Role.parse(what)).size());
      }
    }
    return have;
  }

  private String describe(Map<String, Integer> have) {
    StringBuilder b = new StringBuilder();
    have.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(v).append('/').append(wanted.get(k)));
    return b.toString();
  }
}
