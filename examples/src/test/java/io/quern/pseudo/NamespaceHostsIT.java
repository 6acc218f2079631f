package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster on hosts that share no files (bench/nscluster.sh: a network and mount namespace per
 * host, a private /tmp each): jobs submitted from a client host whose jar and input exist only
 * there, and partitions (a host's link cut, then healed) under running jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamespaceHostsIT {
  private static final Path STATE = PseudoCluster.HOME.resolve("examples/target/nshosts");
  private static Map<String, Long> reference;

  @BeforeAll
  static void start() throws Exception {
    String refusal = namespacesRefused();
    Assumptions.assumeTrue(refusal == null, () -> "skipped: this machine refuses network namespaces (" + refusal + ")");
    Result up = run(Duration.ofSeconds(180), "bench/nscluster.sh", "up");
    assertEquals(0, up.exit, () -> "nscluster up failed:\n" + up.out);
    // The client's own files: the job jar and the input exist only in the client host's /tmp.
    Path clientTmp = clientTmp();
    Files.copy(PseudoCluster.HOME.resolve("examples/target/quern-examples.jar"), clientTmp.resolve("job.jar"));
    TextCorpus.write(clientTmp.resolve("corpus.txt"), 3L << 20, 7);
    reference = TextCorpus.count(clientTmp.resolve("corpus.txt"));
    client("bin/quern", "fs", "-D", "dfs.block.size=1m", "-put", "/tmp/corpus.txt", "/corpus.txt").ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (Files.isDirectory(STATE.resolve("hosts"))) {
      run(Duration.ofSeconds(120), "bench/nscluster.sh", "down");
    }
  }

  @Test
  @Order(1)
  void wordCountFromAClientWhoseJarNoOtherHostHas() throws Exception {
    client("bin/quern", "jar", "/tmp/job.jar", "wordcount", "-D", "mapred.reduce.tasks=2", "/corpus.txt", "/wc").ok();
    assertEquals(reference, output("/wc"));
  }

  @Test
  @Order(2)
  void teraSortCommitsItsOwnOutputFormatOnAWorker() throws Exception {
    client("bin/quern", "jar", "/tmp/job.jar", "teragen", "100000", "/tera/in").ok();
    client("bin/quern", "jar", "/tmp/job.jar", "terasort", "/tera/in", "/tera/out").ok();
    client("bin/quern", "jar", "/tmp/job.jar", "teravalidate", "/tera/out", "/tera/report").ok();
    String report = client("bin/quern", "fs", "-cat", "/tera/report/part-*").ok().out;
    assertTrue(report.contains("records 100000") && !report.contains("misorder"), report);
  }

  /**
   * The active master's link goes down for longer than its ZooKeeper session while a job runs:
   * the standby takes over, the client follows it, and the job succeeds. Healed, the former
   * master stands by.
   */
  @Test
  @Order(3)
  void aJobRidesThroughAPartitionOfTheActiveMaster() throws Exception {
    String active = host(activeMaster());
    Path out = STATE.resolve("master-cut.out");
    // Tasks of a few seconds each, so that the job outlives the master's session.
    Process job = startClient(out, "bin/quern", "jar", "/tmp/job.jar", "sleep", "-m", "12", "-r", "2", "-mt", "4000",
        "-rt", "3000");
    Wait.until("the job to run", Duration.ofSeconds(60), () -> !job.isAlive() || read(out).contains("Running job"));
    run(Duration.ofSeconds(10), "bench/nshosts.sh", "cut", active).ok();
    try {
      awaitTakeoverFrom(active);
      assertTrue(job.isAlive(), () -> "the job ended before the takeover, so it tested nothing:\n" + read(out));
    } finally {
      run(Duration.ofSeconds(10), "bench/nshosts.sh", "heal", active).ok();
    }
    assertTrue(job.waitFor(180, TimeUnit.SECONDS), () -> "the job did not finish within 180 s:\n" + read(out));
    assertEquals(0, job.exitValue(), () -> read(out));
    assertTrue(read(out).contains("Job complete"), () -> read(out));
    Wait.until("the healed master to stand by", Duration.ofSeconds(60), () -> {
      String masters = client("bin/quern", "admin", "-masters").out;
      return masters.lines().filter(l -> l.endsWith(" active")).count() == 1 && masters.contains("standby");
    });
  }

  /**
   * A worker and the DataNode beside it cut off past their sessions mid-job: the worker's tasks
   * run elsewhere and the job succeeds; a word count afterwards, with the host back, is right.
   */
  @Test
  @Order(4)
  void aJobRidesThroughAPartitionOfAWorker() throws Exception {
    Path out = STATE.resolve("worker-cut.out");
    Process job = startClient(out, "bin/quern", "jar", "/tmp/job.jar", "sleep", "-m", "12", "-r", "3", "-mt", "3000",
        "-rt", "2000");
    Wait.until("the job to run", Duration.ofSeconds(60), () -> !job.isAlive() || read(out).contains("Running job"));
    run(Duration.ofSeconds(10), "bench/nshosts.sh", "cut", "w2").ok();
    try {
      Wait.until("the cut worker to leave", Duration.ofSeconds(60),
          () -> !client("bin/quern", "admin", "-report").out.contains("10.77.0.32:9020"));
      assertTrue(job.isAlive(), () -> "the job ended before the worker left, so it tested nothing:\n" + read(out));
    } finally {
      run(Duration.ofSeconds(10), "bench/nshosts.sh", "heal", "w2").ok();
    }
    assertTrue(job.waitFor(240, TimeUnit.SECONDS), () -> "the job did not finish within 240 s:\n" + read(out));
    assertEquals(0, job.exitValue(), () -> read(out));
    client("bin/quern", "jar", "/tmp/job.jar", "wordcount", "/corpus.txt", "/wcAfterCut").ok();
    assertEquals(reference, output("/wcAfterCut"));
  }

  /**
   * A worker cut off as its job ends never hears the master's word that the job is over (the
   * master counts it lost): once back, it asks the master which of its jobs ended and deletes
   * what it held of this one.
   */
  @Test
  @Order(5)
  void aWorkerCutOffAsItsJobEndsCleansUpTheJobOnceBack() throws Exception {
    Path jobs = STATE.resolve("hosts/w2/tmp/quern-root/mapred/local/worker-10.77.0.32-9020/jobs");
    Path out = STATE.resolve("ending-cut.out");
    // Short maps on every worker, then one long reduce: w2 holds the job from its maps on.
    Process job = startClient(out, "bin/quern", "jar", "/tmp/job.jar", "sleep", "-m", "12", "-r", "1", "-mt", "300",
        "-rt", "15000");
    Wait.until("the job to run", Duration.ofSeconds(60), () -> !job.isAlive() || read(out).contains("Running job: "));
    String text = read(out);
    int at = text.indexOf("Running job: ");
    assertTrue(at >= 0, () -> "the job did not start:\n" + read(out));
    Path jobDir = jobs.resolve(text.substring(at + "Running job: ".length()).lines().findFirst().orElseThrow().trim());
    Wait.until("w2 to run a task of the job", Duration.ofSeconds(90), () -> !job.isAlive() || Files.exists(jobDir));
    assertTrue(job.isAlive(), () -> "the job ended before w2 ran a task of it:\n" + read(out));
    run(Duration.ofSeconds(10), "bench/nshosts.sh", "cut", "w2").ok();
    try {
      assertTrue(job.waitFor(180, TimeUnit.SECONDS), () -> "the job did not finish within 180 s:\n" + read(out));
      assertEquals(0, job.exitValue(), () -> read(out));
      assertTrue(Files.exists(jobDir), "w2 cleaned up while cut off, so this tests nothing");
    } finally {
      run(Duration.ofSeconds(10), "bench/nshosts.sh", "heal", "w2").ok();
    }
    Wait.until("w2 to clean up the ended job", Duration.ofSeconds(90), () -> !Files.exists(jobDir));
  }

  /**
   * A Streaming word count whose two programs exist only on the client host: {@code -file}
   * ships them through the DFS to the workers, which have nothing of the client's.
   */
  @Test
  @Order(6)
  void aStreamingJobRunsProgramsShippedFromTheClient() throws Exception {
    writeProgram("wc-map.sh", "exec awk '{ for (i = 1; i <= NF; i++) print $i \"\\t1\" }'");
    writeProgram("wc-reduce.sh", "exec awk -F '\\t' '{ c[$1] += $2 } END { for (w in c) print w \"\\t\" c[w] }'");
    client("bin/quern", "streaming", "-D", "mapred.reduce.tasks=2", "-input", "/corpus.txt", "-output", "/swc",
        "-mapper", "sh wc-map.sh", "-reducer", "sh wc-reduce.sh", "-file", "/tmp/wc-map.sh", "-file",
        "/tmp/wc-reduce.sh").ok();
    assertEquals(reference, output("/swc"));
  }

  /**
   * A worker SIGKILLed in its host while it runs maps of a job: the master redoes its work
   * elsewhere (its map outputs went with it), the job's output is the same as without the kill,
   * and the worker started again rejoins.
   */
  @Test
  @Order(7)
  void aWorkerKilledMidJobHasItsWorkRedoneAndTheOutputIsTheSame() throws Exception {
    writeSlowWordCount();
    String address = addressOf("w1");
    Path jobs = STATE.resolve("hosts/w1/tmp/quern-root/mapred/local/worker-" + address + "-9020/jobs");
    Path out = STATE.resolve("worker-kill.out");
    Process job = startSlowWordCount(out, "/kwc");
    Wait.until("w1 to run a task of the job", Duration.ofSeconds(90), () -> !job.isAlive() || hasEntries(jobs));
    assertTrue(job.isAlive(), () -> "the job ended before w1 ran a task of it:\n" + read(out));
    killDaemon("w1", "io.quern.worker.WorkerMain");
    try {
      assertTrue(job.waitFor(240, TimeUnit.SECONDS), () -> "the job did not finish within 240 s:\n" + read(out));
      assertEquals(0, job.exitValue(), () -> read(out));
      assertEquals(reference, output("/kwc"));
    } finally {
      run(Duration.ofSeconds(60), "bench/nscluster.sh", "on", "w1", "bin/quern-daemon.sh", "start", "worker", address)
          .ok();
    }
    client("bin/quern", "admin", "-wait", "worker", "3", "-timeout", "60").ok();
  }

  /**
   * Bytes written from the client read back the same on another host, and after every fault
   * above the file system is whole.
   */
  @Test
  @Order(12)
  void bytesPutFromTheClientReadBackTheSameOnAnotherHostAndFsckIsHealthy() throws Exception {
    byte[] data = new byte[20 << 20];
    new java.util.Random(11).nextBytes(data);
    Files.write(clientTmp().resolve("random.bin"), data);
    client("bin/quern", "fs", "-D", "dfs.block.size=4m", "-put", "/tmp/random.bin", "/random.bin").ok();
    String sum = run(Duration.ofSeconds(120), "bench/nscluster.sh", "on", "w3", "/bin/sh", "-c",
        "bin/quern fs -cat /random.bin | sha256sum").ok().out;
    assertTrue(sum.contains(io.quern.util.Sha256.hex(data)), () -> "read on w3: " + sum);
    client("bin/quern", "fs", "-get", "/random.bin", "/tmp/random.copy").ok();
    assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(clientTmp().resolve("random.copy"))));
    // Replicas lost to the cuts and kills above are made again within the NameNode's monitor period.
    Wait.until("fsck / to report HEALTHY", Duration.ofSeconds(120),
        () -> client("bin/quern", "fsck", "/").out.contains("HEALTHY"));
  }

  /**
   * The active master SIGKILLed in its host mid-job: the standby takes over, the job carries on
   * to the same output, and the killed master, started again, stands by.
   */
  @Test
  @Order(9)
  void aJobOutlivesItsActiveMasterKilledAndGivesTheSameOutput() throws Exception {
    writeSlowWordCount();
    String active = host(activeMaster());
    Path out = STATE.resolve("master-kill.out");
    Process job = startSlowWordCount(out, "/mkwc");
    Wait.until("the job to run", Duration.ofSeconds(60), () -> !job.isAlive() || read(out).contains("Running job"));
    killDaemon(active, "io.quern.master.MasterMain");
    try {
      awaitTakeoverFrom(active);
      assertTrue(job.isAlive(), () -> "the job ended before the takeover, so it tested nothing:\n" + read(out));
      assertTrue(job.waitFor(240, TimeUnit.SECONDS), () -> "the job did not finish within 240 s:\n" + read(out));
      assertEquals(0, job.exitValue(), () -> read(out));
      assertEquals(reference, output("/mkwc"));
    } finally {
      run(Duration.ofSeconds(60), "bench/nscluster.sh", "on", active, "bin/quern-daemon.sh", "start", "master",
          addressOf(active)).ok();
    }
    client("bin/quern", "admin", "-wait", "master", "2", "active-master", "1", "-timeout", "60").ok();
  }

  /**
   * The active master cut from ZooKeeper but not from the workers or the DFS: it loses its
   * session, and with it the right to assign or commit (its epoch is stale), while the standby
   * takes the job over. The output is exactly the reference: nothing was committed twice or by
   * the cut master.
   */
  @Test
  @Order(10)
  void aMasterCutFromZooKeeperOnlyIsFencedAndTheJobsOutputIsExact() throws Exception {
    writeSlowWordCount();
    String active = host(activeMaster());
    Path out = STATE.resolve("master-zk-cut.out");
    Process job = startSlowWordCount(out, "/zkwc");
    Wait.until("the job to run", Duration.ofSeconds(60), () -> !job.isAlive() || read(out).contains("Running job"));
    run(Duration.ofSeconds(10), "bench/nshosts.sh", "cut", active, "zk").ok();
    try {
      awaitTakeoverFrom(active);
      assertTrue(job.isAlive(), () -> "the job ended before the takeover, so it tested nothing:\n" + read(out));
    } finally {
      run(Duration.ofSeconds(10), "bench/nshosts.sh", "heal", active, "zk").ok();
    }
    assertTrue(job.waitFor(240, TimeUnit.SECONDS), () -> "the job did not finish within 240 s:\n" + read(out));
    assertEquals(0, job.exitValue(), () -> read(out));
    assertEquals(reference, output("/zkwc"));
    client("bin/quern", "admin", "-wait", "master", "2", "active-master", "1", "-timeout", "60").ok();
  }

  /**
   * A DataNode's host cut off while a client writes to it: the write carries on through the
   * remaining DataNodes and the file reads back byte for byte; once healed, the file system
   * is whole again.
   */
  @Test
  @Order(11)
  void aWriteRidesThroughItsDataNodeCutOffAndReadsBackTheSame() throws Exception {
    byte[] data = new byte[96 << 20];
    new java.util.Random(13).nextBytes(data);
    Files.write(clientTmp().resolve("dn-cut.bin"), data);
    Path out = STATE.resolve("dn-cut.out");
    Process put = startClient(out, "bin/quern", "fs", "-D", "dfs.block.size=4m", "-D", "dfs.replication=3", "-put",
        "/tmp/dn-cut.bin", "/dn-cut.bin");
    Wait.until("the write to start", Duration.ofSeconds(60),
        () -> !put.isAlive() || client("bin/quern", "fs", "-ls", "/dn-cut.bin").exit == 0);
    assertTrue(put.isAlive(), () -> "the write ended before the cut, so it tested nothing:\n" + read(out));
    run(Duration.ofSeconds(10), "bench/nshosts.sh", "cut", "w2").ok();
    try {
      assertTrue(put.waitFor(240, TimeUnit.SECONDS), () -> "the write did not finish within 240 s:\n" + read(out));
      assertEquals(0, put.exitValue(), () -> read(out));
    } finally {
      run(Duration.ofSeconds(10), "bench/nshosts.sh", "heal", "w2").ok();
    }
    // The node before the cut one names it in its ack: the writer drops w2 (10.77.0.32) and
    // keeps every healthy node, whichever place w2 had in a block's pipeline.
    java.util.regex.Pattern dropped = java.util.regex.Pattern.compile(
        "(?:at offset \\d+ to|failed on|Cutting blk_\\d+ on) (\\S+?),? .*dropping it");
    for (String line : read(out).split("\n")) {
      java.util.regex.Matcher m = dropped.matcher(line);
      if (line.contains("dropping it")) {
        assertTrue(m.find(), () -> "a drop the test cannot read: " + line);
        assertTrue(m.group(1).startsWith("10.77.0.32:"), () -> "a healthy node dropped from a pipeline: " + line + "\n" + read(out));
      }
    }
    String sum = run(Duration.ofSeconds(120), "bench/nscluster.sh", "on", "w3", "/bin/sh", "-c",
        "bin/quern fs -cat /dn-cut.bin | sha256sum").ok().out;
    assertTrue(sum.contains(io.quern.util.Sha256.hex(data)), () -> "read on w3: " + sum);
    client("bin/quern", "admin", "-wait", "datanode", "3", "worker", "3", "-timeout", "90").ok();
  }

  /** A Streaming word count whose maps take a few seconds each (12 of them), so faults land mid-job. */
  private static void writeSlowWordCount() throws IOException {
    writeProgram("wc-reduce.sh", "exec awk -F '\\t' '{ c[$1] += $2 } END { for (w in c) print w \"\\t\" c[w] }'");
    writeProgram("slow-map.sh", "sleep 2; exec awk '{ for (i = 1; i <= NF; i++) print $i \"\\t1\" }'");
  }

  private static Process startSlowWordCount(Path out, String output) throws IOException {
    return startClient(out, "bin/quern", "streaming", "-D", "mapred.reduce.tasks=2", "-D",
        "mapreduce.input.fileinputformat.split.maxsize=262144", "-input", "/corpus.txt", "-output", output,
        "-mapper", "sh slow-map.sh", "-reducer", "sh wc-reduce.sh", "-file", "/tmp/slow-map.sh", "-file",
        "/tmp/wc-reduce.sh");
  }

  /** SIGKILLs the daemon of class {@code main} in namespace host {@code host}. */
  private static void killDaemon(String host, String main) {
    run(Duration.ofSeconds(10), "/bin/sh", "-c", "for p in $(ip netns pids qn-" + host + "); do "
        + "if tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -q '" + main + " '; then kill -KILL $p; fi; "
        + "done").ok();
  }

  private static void writeProgram(String name, String body) throws IOException {
    Path file = clientTmp().resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true, false);
  }

  private static boolean hasEntries(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** The address of a namespace host (nshosts.sh list). */
  private static String addressOf(String host) {
    for (String line : run(Duration.ofSeconds(10), "bench/nshosts.sh", "list").out.lines().toList()) {
      String[] f = line.split(" ");
      if (f.length == 2 && f[0].equals(host)) {
        return f[1];
      }
    }
    throw new AssertionError("no namespace host " + host);
  }

  private static Map<String, Long> output(String dir) throws Exception {
    assertTrue(client("bin/quern", "fs", "-ls", dir).ok().out.contains(dir + "/_SUCCESS"), "no _SUCCESS in " + dir);
    return TextCorpus.parseOutput(client("bin/quern", "fs", "-cat", dir + "/part-*").ok().out);
  }

  private static String activeMaster() {
    String a = activeMasterOrEmpty();
    assertTrue(!a.isEmpty(), "no active master");
    return a;
  }

  /** Waits until a master on another host than {@code host} is active. */
  private static void awaitTakeoverFrom(String host) {
    Wait.until("another master to take over", Duration.ofSeconds(60), () -> {
      String now = activeMasterOrEmpty();
      return !now.isEmpty() && !host(now).equals(host);
    });
  }

  /** The active master's address, or "" while there is none. */
  private static String activeMasterOrEmpty() {
    for (String line : client("bin/quern", "admin", "-masters").out.lines().toList()) {
      if (line.endsWith(" active")) {
        return line.substring(0, line.indexOf(':'));
      }
    }
    return "";
  }

  /** The namespace host of an address (nshosts.sh list). */
  private static String host(String address) {
    if (address.isEmpty()) {
      return "";
    }
    for (String line : run(Duration.ofSeconds(10), "bench/nshosts.sh", "list").out.lines().toList()) {
      String[] f = line.split(" ");
      if (f.length == 2 && f[1].equals(address)) {
        return f[0];
      }
    }
    throw new AssertionError("no namespace host has address " + address);
  }

  private static Path clientTmp() {
    return STATE.resolve("hosts/client/tmp");
  }

  private static String namespacesRefused() {
    try {
      Result id = run(Duration.ofSeconds(10), "/usr/bin/id", "-u");
      if (!id.out.trim().equals("0")) {
        return "network namespaces need root, and this runs as uid " + id.out.trim();
      }
      Result add = run(Duration.ofSeconds(10), "/bin/sh", "-c",
          "ip netns add qn-probe && ip netns del qn-probe && unshare --mount true");
      return add.exit == 0 ? null : add.out.trim();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static Result client(String... command) {
    List<String> cmd = new ArrayList<>(List.of("bench/nscluster.sh", "client"));
    cmd.addAll(Arrays.asList(command));
    return run(Duration.ofSeconds(300), cmd.toArray(String[]::new));
  }

  private static Process startClient(Path out, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(PseudoCluster.HOME.resolve("bench/nscluster.sh").toString(), "client"));
    cmd.addAll(Arrays.asList(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(PseudoCluster.HOME.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().put("QUERN_NS_STATE", STATE.toString());
    return pb.start();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private record Result(int exit, String out) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ":\n" + out);
      }
      return this;
    }
  }

  /** Runs a command from the installation, stdout and stderr together; fails if it overruns. */
  private static Result run(Duration timeout, String... command) {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    if (!cmd.get(0).startsWith("/")) {
      cmd.set(0, PseudoCluster.HOME.resolve(cmd.get(0)).toString());
    }
    try {
      Files.createDirectories(STATE);
      Path out = Files.createTempFile(STATE, "cmd", ".out");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(PseudoCluster.HOME.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("QUERN_NS_STATE", STATE.toString());
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
            + Files.readString(out));
      }
      String text = Files.readString(out);
      Files.delete(out);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }
}
