package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The active master dies (SIGKILL) or pauses (SIGSTOP past its session, then SIGCONT) in the
 * middle of a wordcount on the multi-process cluster: the job, submitted with bin/quern jar,
 * rides through, its output equals the reference, and the finished maps are not run again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterHaPseudoIT {
  private static final String JAR = "examples/target/quern-examples.jar";
  private static final Pattern ACTIVE = Pattern.compile("(127\\.0\\.0\\.\\d+):\\d+ active");
  private static PseudoCluster cluster;
  private static Map<String, Long> reference;

  @BeforeAll
  static void start() throws Exception {
    int base = PseudoCluster.portBase(16810);
    cluster = new PseudoCluster("master-ha", base, ClusterSkeletonIT.testPorts(base));
    PseudoCluster.Result start = cluster.run(Duration.ofSeconds(150), "bin/start-all.sh");
    assertEquals(0, start.exit(), () -> "start-all failed:\n" + start.out() + start.err() + cluster.tailLogs());
    Path text = cluster.tmpDir().resolve("corpus.txt");
    TextCorpus.write(text, 16L << 20, 7);
    reference = TextCorpus.count(text);
    cluster.quern("fs", "-mkdir", "-p", "/in").ok();
    // 1 MiB blocks: 16 maps, several waves on the workers' slots, so that a fault finds maps done and to do.
    cluster.quern("fs", "-D", "dfs.block.size=1m", "-put", text.toString(), "/in/corpus.txt").ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void masterKilledMidJobTheJobCarriesOnWithoutRedoingFinishedMaps() throws Exception {
    String active = activeMaster();
    CompletableFuture<PseudoCluster.Result> job = wordcount("/wcKill");
    String jobId = awaitFinishedMap(active);
    PseudoCluster.signal(cluster.pid("master", active), "KILL");
    PseudoCluster.Result run = job.get();
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    assertEquals(reference, output("/wcKill"));
    long recovered = counter(jobId, "io.quern.mapreduce.JobCounter", "RECOVERED_MAPS");
    assertTrue(recovered >= 1, "the new master took over no finished map");
    System.out.printf("master SIGKILL mid-job: job %.1f s, %d of 16 maps taken over%n", run.seconds(), recovered);
  }

  /** Both masters of conf/masters running, one active. */
  private static void twoMasters() throws Exception {
    for (String host : new String[] {"127.0.0.1", "127.0.0.5"}) {
      if (cluster.runningPid("master", host) < 0) {
        cluster.run(Duration.ofSeconds(60), "bin/quern-daemon.sh", "start", "master", host).ok();
      }
    }
    cluster.quern("admin", "-wait", "master", "2", "active-master", "1", "-timeout", "60").ok();
  }

  @Test
  @Order(2)
  void masterPausedAcrossAFailoverIsFencedAndStandsBy() throws Exception {
    twoMasters();
    String paused = activeMaster();
    CompletableFuture<PseudoCluster.Result> job = wordcount("/wcPause");
    String jobId = awaitFinishedMap(paused);
    long pid = cluster.pid("master", paused);
    Path log = cluster.logDir().resolve("master-" + paused + ".log");
    PseudoCluster.signal(pid, "STOP");
    try {
      Wait.until("another master to become active", Duration.ofSeconds(30), () -> {
        String a = activeMasterOrNull();
        return a != null && !a.equals(paused);
      });
    } finally {
      PseudoCluster.signal(pid, "CONT");
    }
    // Resumed, the old master still believes it leads until it hears of its lost session: it
    // must step down rather than act.
    Wait.until("the paused master to step down", Duration.ofSeconds(30),
        () -> read(log).contains("stepping down from epoch"));
    PseudoCluster.Result run = job.get();
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    assertEquals(reference, output("/wcPause"));
    String masters = cluster.quern("admin", "-masters").ok().out();
    assertEquals(1, masters.lines().filter(l -> l.endsWith(" active")).count(), masters);
    assertEquals(1, masters.lines().filter(l -> l.endsWith(" standby")).count(), masters);
    assertTrue(PseudoCluster.alive(pid), "the paused master is still running, as a standby");
    assertTrue(counter(jobId, "io.quern.mapreduce.JobCounter", "RECOVERED_MAPS") >= 1);
  }

  @Test
  @Order(3)
  void workerPausedPastItsSessionStartsAfreshAndTheJobSucceeds() throws Exception {
    twoMasters();
    String master = activeMaster();
    String host = "127.0.0.3";
    long pid = cluster.pid("worker", host);
    Path log = cluster.logDir().resolve("worker-" + host + ".log");
    CompletableFuture<PseudoCluster.Result> job = wordcount("/wcWorker");
    awaitFinishedMap(master);
    PseudoCluster.signal(pid, "STOP");
    try {
      Wait.until("the paused worker to leave the cluster", Duration.ofSeconds(30), () -> {
        try {
          return cluster.quern("admin", "-report").out().contains("workers: 2 live");
        } catch (Exception e) {
          return false;
        }
      });
    } finally {
      PseudoCluster.signal(pid, "CONT");
    }
    Wait.until("the worker to find its session expired", Duration.ofSeconds(30),
        () -> read(log).contains("ZooKeeper session expired"));
    PseudoCluster.Result run = job.get();
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    assertEquals(reference, output("/wcWorker"));
    cluster.quern("admin", "-wait", "worker", "3", "-timeout", "30").ok();
  }

  private static CompletableFuture<PseudoCluster.Result> wordcount(String out) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return cluster.quern("jar", JAR, "wordcount", "-D", "mapred.reduce.tasks=2", "/in", out);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /**
   * Waits until the master's log shows a job submitted after now with a map recorded as
   * finished, and returns its id. The log, not the CLI, because a CLI call takes about as long as a map.
   */
  private static String awaitFinishedMap(String master) {
    Path log = cluster.logDir().resolve("master-" + master + ".log");
    int from = read(log).length();
    String[] id = new String[1];
    Wait.until("a map of the job to be recorded", Duration.ofSeconds(90), () -> {
      String text = read(log);
      text = text.substring(Math.min(from, text.length()));
      Matcher m = Pattern.compile("(job_\\S+) submitted by").matcher(text);
      if (!m.find()) {
        return false;
      }
      id[0] = m.group(1);
      // Recorded in ZooKeeper, so that a next leader can know of it.
      return Pattern.compile("task_" + id[0].substring(4) + "_m_\\S+ recorded as finished").matcher(text).find();
    });
    return id[0];
  }

  private static long counter(String jobId, String group, String name) throws Exception {
    PseudoCluster.Result r = cluster.quern("job", "-counter", jobId, group, name).ok();
    return Long.parseLong(r.out().strip());
  }

  private static String activeMaster() throws Exception {
    String a = activeMasterOrNull();
    assertTrue(a != null, "no active master");
    return a;
  }

  private static String activeMasterOrNull() {
    try {
      Matcher m = ACTIVE.matcher(cluster.quern("admin", "-masters").out());
      return m.find() ? m.group(1) : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static Map<String, Long> output(String dir) throws Exception {
    PseudoCluster.Result ls = cluster.quern("fs", "-ls", dir).ok();
    assertTrue(ls.out().contains(dir + "/_SUCCESS"), "no _SUCCESS in\n" + ls.out());
    return TextCorpus.parseOutput(cluster.quern("fs", "-cat", dir + "/part-*").ok().out());
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "";
    }
  }
}
