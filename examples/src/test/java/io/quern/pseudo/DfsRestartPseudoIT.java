package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Processes dying under DFS clients, through the real scripts: a DataNode SIGKILLed under a
 * writer and under a reader, and the NameNode SIGKILLed and restarted under a 200 MB put and
 * under a burst of mkdirs. Each client must carry on, and its result must be whole: the file
 * reads back with the same SHA-256, and every acknowledged directory exists after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DfsRestartPseudoIT {
  private static final int PORT_BASE = PseudoCluster.portBase(15810);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(240);
  private PseudoCluster cluster;
  private Path local;
  private String expected;

  @BeforeAll
  void startDfs() throws Exception {
    Map<String, String> props = new HashMap<>(ClusterSkeletonIT.testPorts(PORT_BASE));
    // Small blocks, so a put needs the NameNode (addBlock) many times while it runs.
    props.put("dfs.block.size", "8m");
    cluster = new PseudoCluster("dfs-restart", PORT_BASE, props);
    assertEquals(0, cluster.run(Duration.ofSeconds(60), "bin/zookeeper.sh", "start").exit());
    PseudoCluster.Result start = cluster.run(Duration.ofSeconds(120), "bin/start-dfs.sh");
    assertEquals(0, start.exit(), () -> "start-dfs failed:\n" + start.out() + start.err() + cluster.tailLogs());
    local = cluster.tmpDir().resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    Random rnd = new Random(11);
    try (var out = Files.newOutputStream(local)) {
      for (int i = 0; i < 200; i++) {
        rnd.nextBytes(chunk);
        out.write(chunk);
      }
    }
    expected = sha256(local);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.run(Duration.ofSeconds(90), "bin/stop-dfs.sh");
      cluster.run(Duration.ofSeconds(30), "bin/zookeeper.sh", "stop");
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void writerSurvivesItsFirstDatanodeKilled() throws Exception {
    // The writer claims to be on 127.0.0.2, so that DataNode heads every block's pipeline.
    Process put = background("put1", "bin/quern", "fs", "-D", "quern.daemon.host=127.0.0.2",
        "-put", local.toString(), "/w");
    Wait.until("the put to have 24 MB on 127.0.0.2", Duration.ofSeconds(60),
        () -> storedBytes("127.0.0.2") >= 24L << 20 || !put.isAlive());
    assertTrue(put.isAlive(), "the put was still running when its DataNode was killed");
    PseudoCluster.signal(cluster.pid("datanode", "127.0.0.2"), "KILL");
    assertEquals(0, finish(put), () -> output("put1") + cluster.tailLogs());
    assertEquals(expected, readBack("/w", "127.0.0.3"));
    restartDatanode("127.0.0.2");
  }

  @Test
  @Order(2)
  void readerSurvivesItsDatanodeKilled() throws Exception {
    cluster.quern("fs", "-D", "dfs.replication=3", "-put", local.toString(), "/r").ok();
    Path back = cluster.tmpDir().resolve("r.back");
    // The reader claims to be on 127.0.0.3, so that DataNode's replicas are read first.
    Process get = background("get", "bin/quern", "fs", "-D", "quern.daemon.host=127.0.0.3",
        "-get", "/r", back.toString());
    Wait.until("the get to have read 20 MB", Duration.ofSeconds(60),
        () -> size(back) >= 20L << 20 || !get.isAlive());
    assertTrue(get.isAlive(), "the get was still running when its DataNode was killed");
    PseudoCluster.signal(cluster.pid("datanode", "127.0.0.3"), "KILL");
    assertEquals(0, finish(get), () -> output("get") + cluster.tailLogs());
    assertEquals(expected, sha256(back), "the file read while its DataNode died");
    restartDatanode("127.0.0.3");
  }

  @Test
  @Order(3)
  void putSurvivesNamenodeRestart() throws Exception {
    long before = storedBytes();
    Process put = background("put2", "bin/quern", "fs", "-D", "dfs.replication=2", "-put", local.toString(), "/n");
    Wait.until("the put to have stored 32 MB (two replicas)", Duration.ofSeconds(60),
        () -> storedBytes() - before >= 64L << 20 || !put.isAlive());
    assertTrue(put.isAlive(), "the put was still running when the NameNode was killed");
    restartNamenode();
    assertEquals(0, finish(put), () -> output("put2") + cluster.tailLogs());
    assertEquals(expected, readBack("/n", "127.0.0.1"));
  }

  @Test
  @Order(4)
  void acknowledgedMkdirsSurviveNamenodeKills() throws Exception {
    Path acked = cluster.tmpDir().resolve("burst");
    Process burst = cluster.start(acked, "bin/quern", "dfsbench", "mkdirs", "/burst", "3000");
    Wait.until("100 acknowledged mkdirs", Duration.ofSeconds(60),
        () -> lines(acked).size() >= 100 || !burst.isAlive());
    assertTrue(burst.isAlive(), "the burst was still running when the NameNode was killed");
    restartNamenode();
    assertEquals(0, finish(burst), () -> output("burst") + cluster.tailLogs());
    // Kill it again right after the last acknowledgement: what was acknowledged is on disk.
    restartNamenode();
    Set<String> ackedDirs = new HashSet<>();
    for (String l : lines(acked)) {
      if (l.startsWith("acked ")) {
        ackedDirs.add(l.substring(6));
      }
    }
    assertEquals(3000, ackedDirs.size(), "every mkdir of the burst was acknowledged");
    String listing = cluster.quern("fs", "-ls", "/burst").ok().out();
    Set<String> listed = new HashSet<>();
    for (String l : listing.split("\n")) {
      int at = l.indexOf("/burst/");
      if (at >= 0) {
        listed.add(l.substring(at).trim());
      }
    }
    ackedDirs.removeAll(listed);
    assertTrue(ackedDirs.isEmpty(), "acknowledged but missing after the restart: " + ackedDirs);
  }

  /**
   * A killed daemon whose parent never reaps it stays a zombie, and its pid file still names a
   * pid that kill -0 accepts. The NameNode here runs under a parent that never waits (a shell
   * that forked it and then became sleep), as under a PID 1 that reaps late or not at all:
   * quern-daemon.sh must see through the zombie and start a new NameNode at once.
   */
  @Test
  @Order(5)
  void namenodeStartsAgainAtOnceWhileItsKilledProcessIsAnUnreapedZombie() throws Exception {
    long scriptPid = cluster.runningPid("namenode", "127.0.0.1");
    assertTrue(scriptPid > 0, "the NameNode runs, started by the scripts");
    List<String> argv = PseudoCluster.commandLine(scriptPid);
    cluster.run(Duration.ofSeconds(60), "bin/quern-daemon.sh", "stop", "namenode", "127.0.0.1").ok();

    Path pidFile = cluster.tmpDir().resolve("data/pids/namenode-127.0.0.1.pid");
    List<String> holder = new java.util.ArrayList<>(List.of("sh", "-c",
        "\"$@\" < /dev/null >> \"$OUT\" 2>&1 & echo $! > \"$PIDFILE\"; exec sleep 600", "sh"));
    holder.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(holder).redirectErrorStream(true)
        .redirectOutput(cluster.tmpDir().resolve("holder.out").toFile());
    pb.environment().put("OUT", cluster.logDir().resolve("namenode-127.0.0.1.out").toString());
    pb.environment().put("PIDFILE", pidFile.toString());
    Process sleeper = pb.start();
    try {
      Wait.until("the held NameNode to write its pid", Duration.ofSeconds(10),
          () -> cluster.runningPid("namenode", "127.0.0.1") > 0);
      long held = cluster.pid("namenode", "127.0.0.1");
      assertEquals(sleeper.pid(), ProcessHandle.of(held).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
          .orElse(-1L), "the NameNode's parent is the process that never reaps");
      cluster.quern("fs", "-put", local.toString(), "/z").ok();

      PseudoCluster.signal(held, "KILL");
      Wait.until("the killed NameNode to be a zombie", Duration.ofSeconds(10),
          () -> PseudoCluster.state(held) == 'Z');

      long t0 = System.nanoTime();
      PseudoCluster.Result start = cluster.run(Duration.ofSeconds(30), "bin/quern-daemon.sh", "start", "namenode",
          "127.0.0.1").ok();
      assertTrue(start.out().contains("starting namenode"), () -> "no new NameNode started:\n" + start.out() + start.err());
      assertTrue(start.err().contains("zombie"), () -> "the stale pid file was not reported:\n" + start.err());
      Wait.until("a new NameNode process to run", Duration.ofSeconds(10),
          () -> cluster.runningPid("namenode", "127.0.0.1") > 0);
      assertNotEquals(held, cluster.runningPid("namenode", "127.0.0.1"));
      assertEquals('Z', PseudoCluster.state(held), "the old one is still an unreaped zombie");
      // The new NameNode serves: the file written before the kill reads back whole.
      assertEquals(expected, readBack("/z", "127.0.0.1"));
      System.out.printf("NameNode serving again %.1f s after its restart over a zombie%n", (System.nanoTime() - t0) / 1e9);
    } finally {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
  }

  // ---- helpers

  private void restartNamenode() throws Exception {
    long pid = cluster.pid("namenode", "127.0.0.1");
    PseudoCluster.signal(pid, "KILL");
    Wait.until("the NameNode process to die", Duration.ofSeconds(10), () -> !PseudoCluster.alive(pid));
    cluster.run(Duration.ofSeconds(30), "bin/quern-daemon.sh", "start", "namenode", "127.0.0.1").ok();
  }

  private void restartDatanode(String host) throws Exception {
    cluster.run(Duration.ofSeconds(30), "bin/quern-daemon.sh", "start", "datanode", host).ok();
    cluster.quern("admin", "-wait", "namenode", "1", "datanode", "3", "-timeout", "60").ok();
  }

  private Process background(String name, String... command) throws IOException {
    return cluster.start(cluster.tmpDir().resolve(name + ".out"), command);
  }

  private int finish(Process p) throws InterruptedException {
    if (!p.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("client did not finish within " + CLIENT_TIMEOUT + "\n" + cluster.tailLogs());
    }
    return p.exitValue();
  }

  private String output(String name) {
    try {
      return Files.readString(cluster.tmpDir().resolve(name + ".out")) + "\n"
          + Files.readString(cluster.tmpDir().resolve(name + ".out.err"));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private String readBack(String path, String readerHost) throws Exception {
    Path back = cluster.tmpDir().resolve(path.substring(1) + ".back");
    Files.deleteIfExists(back);
    cluster.quern("fs", "-D", "quern.daemon.host=" + readerHost, "-get", path, back.toString()).ok();
    return sha256(back);
  }

  private long storedBytes() {
    return storedBytes("127.0.0.2") + storedBytes("127.0.0.3") + storedBytes("127.0.0.4");
  }

  /** Bytes of block files (being written or finalized) a DataNode holds. */
  private long storedBytes(String host) {
    Path data = cluster.tmpDir().resolve("data/dfs/data-" + host);
    long n = 0;
    for (String sub : List.of("rbw", "current")) {
      try (Stream<Path> s = Files.list(data.resolve(sub))) {
        n += s.filter(p -> !p.getFileName().toString().endsWith(".meta")).mapToLong(DfsRestartPseudoIT::size).sum();
      } catch (IOException e) {
        // not created yet, or a file went away while listing: count what is there next time
      }
    }
    return n;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

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
}
