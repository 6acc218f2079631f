package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The default pseudo-distributed cluster through the real scripts: every daemon registers
 * with its rack, a SIGKILLed worker leaves the report within the session timeout, a
 * SIGKILLed active master is replaced by the standby, and stop-all leaves no process.
 */
class ClusterSkeletonIT {
  private static final int SESSION_S = 4;

  static Map<String, String> testPorts(int base) {
    return Map.of(
        "quern.zookeeper.session.timeout", SESSION_S + "s",
        "dfs.namenode.port", Integer.toString(base + 1),
        "dfs.datanode.port", Integer.toString(base + 2),
        "mapred.master.port", Integer.toString(base + 3),
        "mapred.worker.port", Integer.toString(base + 4));
  }

  @Test
  void startReportKillFailoverStop() throws Exception {
    int base = PseudoCluster.portBase(12810);
    try (PseudoCluster cluster = new PseudoCluster("skeleton", base, testPorts(base))) {
      PseudoCluster.Result start = cluster.run(Duration.ofSeconds(150), "bin/start-all.sh");
      assertEquals(0, start.exit(), () -> "start-all failed:\n" + start.out() + start.err() + cluster.tailLogs());
      assertTrue(start.out().contains("up after"), start.out());

      String report = cluster.quern("admin", "-report").ok().out();
      assertEquals(1, count(report, "namenode: (\\d+) live"), report);
      assertEquals(3, count(report, "datanodes: (\\d+) live"), report);
      assertEquals(2, count(report, "masters: (\\d+) live"), report);
      assertEquals(3, count(report, "workers: (\\d+) live"), report);
      for (String rack : List.of("127.0.0.2:\\d+\\s+rack /rack1", "127.0.0.3:\\d+\\s+rack /rack1", "127.0.0.4:\\d+\\s+rack /rack2")) {
        assertTrue(Pattern.compile(rack).matcher(report).find(), "expected " + rack + " in\n" + report);
      }
      // Each worker's slots, as it publishes them.
      assertEquals(3, Pattern.compile("slots \\d+ map \\d+ reduce").matcher(report).results().count(), report);

      // A SIGKILLed worker leaves the report once its session expires.
      long worker = cluster.pid("worker", "127.0.0.3");
      PseudoCluster.signal(worker, "KILL");
      long killed = System.nanoTime();
      Wait.until("the killed worker to leave the report", Duration.ofSeconds(SESSION_S + 6), () -> {
        try {
          return count(cluster.quern("admin", "-report").ok().out(), "workers: (\\d+) live") == 2;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      double leaveSeconds = (System.nanoTime() - killed) / 1e9;
      System.out.printf("worker SIGKILL -> gone from report: %.2f s (session timeout %d s)%n", leaveSeconds, SESSION_S);

      // The active master dies; the standby takes over.
      String masters = cluster.quern("admin", "-masters").ok().out();
      Matcher active = Pattern.compile("(127\\.0\\.0\\.\\d+):\\d+ active").matcher(masters);
      assertTrue(active.find(), masters);
      String activeHost = active.group(1);
      assertEquals(1, masters.lines().filter(l -> l.endsWith("standby")).count(), masters);
      PseudoCluster.signal(cluster.pid("master", activeHost), "KILL");
      long masterKilled = System.nanoTime();
      Wait.until("the standby to become active", Duration.ofSeconds(SESSION_S + 8), () -> {
        try {
          String m = cluster.quern("admin", "-masters").ok().out();
          Matcher a = Pattern.compile("(127\\.0\\.0\\.\\d+):\\d+ active").matcher(m);
          return a.find() && !a.group(1).equals(activeHost);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      System.out.printf("active master SIGKILL -> standby active: %.2f s%n", (System.nanoTime() - masterKilled) / 1e9);

      PseudoCluster.Result stop = cluster.run(Duration.ofSeconds(90), "bin/stop-all.sh");
      assertEquals(0, stop.exit(), stop.out() + stop.err());
      Wait.until("no process left", Duration.ofSeconds(10), () -> cluster.processes().isEmpty());
    }
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
