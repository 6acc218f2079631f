package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DFS through the real scripts and processes: a 200 MB file at replication 2 survives a
 * SIGKILLed DataNode (fsck turns HEALTHY again once the blocks are re-replicated) and then a
 * second one, and reads back with the same SHA-256.
 */
class DfsPseudoIT {
  private static final int SESSION_S = 4;

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String fsck(PseudoCluster cluster) {
    try {
      return cluster.quern("fsck", "/").out();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fileSurvivesTwoKilledDataNodes() throws Exception {
    int base = PseudoCluster.portBase(14810);
    Map<String, String> props = new HashMap<>(ClusterSkeletonIT.testPorts(base));
    props.put("dfs.block.size", "16m");
    props.put("dfs.namenode.replication.pending.timeout", "20s");
    try (PseudoCluster cluster = new PseudoCluster("dfs", base, props)) {
      assertEquals(0, cluster.run(Duration.ofSeconds(60), "bin/zookeeper.sh", "start").exit());
      PseudoCluster.Result start = cluster.run(Duration.ofSeconds(120), "bin/start-dfs.sh");
      assertEquals(0, start.exit(), () -> "start-dfs failed:\n" + start.out() + start.err() + cluster.tailLogs());

      Path local = cluster.tmpDir().resolve("big.bin");
      byte[] chunk = new byte[1 << 20];
      Random rnd = new Random(7);
      try (var out = Files.newOutputStream(local)) {
        for (int i = 0; i < 200; i++) {
          rnd.nextBytes(chunk);
          out.write(chunk);
        }
      }
      String expected = sha256(local);
      PseudoCluster.Result put = cluster.quern("fs", "-D", "dfs.replication=2", "-put", local.toString(), "/big");
      assertEquals(0, put.exit(), () -> put.err() + cluster.tailLogs());
      System.out.printf("put 200 MB at replication 2: %.2f s%n", put.seconds());
      assertTrue(fsck(cluster).contains("Status: HEALTHY"));

      PseudoCluster.signal(cluster.pid("datanode", "127.0.0.3"), "KILL");
      long killed = System.nanoTime();
      Wait.until("the NameNode to see 2 DataNodes", Duration.ofSeconds(SESSION_S + 20),
          () -> fsck(cluster).contains("Number of data-nodes:\t\t2"));
      Wait.until("re-replication: fsck HEALTHY with no under-replicated block", Duration.ofSeconds(90),
          () -> {
            String report = fsck(cluster);
            return report.contains("Status: HEALTHY") && report.contains("Under-replicated blocks:\t0 ");
          });
      System.out.printf("DataNode SIGKILL -> fully re-replicated: %.2f s%n", (System.nanoTime() - killed) / 1e9);

      PseudoCluster.signal(cluster.pid("datanode", "127.0.0.4"), "KILL");
      Path back = cluster.tmpDir().resolve("back.bin");
      PseudoCluster.Result get = cluster.quern("fs", "-get", "/big", back.toString());
      assertEquals(0, get.exit(), () -> get.err() + cluster.tailLogs());
      assertEquals(expected, sha256(back), "the file read back after two DataNodes died");
    }
  }
}
