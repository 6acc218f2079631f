package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Jobs on the multi-process pseudo-distributed cluster, submitted with bin/quern jar, their
 * outputs checked against references computed another way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapReducePseudoIT {
  private static final String JAR = "examples/target/quern-examples.jar";
  private static PseudoCluster cluster;
  private static Path text;
  private static Map<String, Long> reference;
  private static int base;

  @BeforeAll
  static void start() throws Exception {
    base = PseudoCluster.portBase(13810);
    cluster = new PseudoCluster("mapreduce", base, ClusterSkeletonIT.testPorts(base));
    PseudoCluster.Result start = cluster.run(Duration.ofSeconds(150), "bin/start-all.sh");
    assertEquals(0, start.exit(), () -> "start-all failed:\n" + start.out() + start.err() + cluster.tailLogs());
    text = cluster.tmpDir().resolve("corpus.txt");
    TextCorpus.write(text, 12L << 20, 42);
    reference = TextCorpus.count(text);
    cluster.quern("fs", "-mkdir", "-p", "/in").ok();
    cluster.quern("fs", "-D", "dfs.block.size=4m", "-put", text.toString(), "/in/corpus.txt").ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, Long> output(String dir) throws Exception {
    PseudoCluster.Result ls = cluster.quern("fs", "-ls", dir).ok();
    assertTrue(ls.out().contains(dir + "/_SUCCESS"), "no _SUCCESS in\n" + ls.out());
    return TextCorpus.parseOutput(cluster.quern("fs", "-cat", dir + "/part-*").ok().out());
  }

  @Test
  @Order(1)
  void wordCountEqualsTheReference() throws Exception {
    PseudoCluster.Result run = cluster.quern("jar", JAR, "wordcount", "-D", "mapred.reduce.tasks=3", "/in", "/wc1");
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    assertTrue(run.err().contains("map 100% reduce 100%") || run.out().contains("map 100% reduce 100%"),
        "no progress lines in\n" + run.out() + run.err());
    assertEquals(reference, output("/wc1"));
  }

  @Test
  @Order(2)
  void theClustersPagesShowTheJobInABrowser() throws Exception {
    // Where each daemon serves its pages, as an operator finds them.
    String report = cluster.quern("admin", "-report").ok().out();
    // Hadoop 1's name for it works too, as operators type it.
    assertTrue(cluster.quern("dfsadmin", "-report").ok().out().contains(" slots "), report);
    String master = pages(report, "state active");
    String namenode = pages(report, ":" + (base + 1) + " ");
    String worker = pages(report, " slots ");
    String jobs = cluster.quern("job", "-list", "all").ok().out();
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("(job_\\S+)\\s+SUCCEEDED").matcher(jobs);
    assertTrue(id.find(), jobs);
    String jobId = id.group(1);
    String json = new String(java.net.URI.create(master + "job?format=json&id=" + jobId).toURL().openStream()
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    io.quern.mapreduce.history.AttemptSummary attempt = io.quern.http.JsonReader.read(json,
        io.quern.mapreduce.history.JobDetail.class).tasks().get(0).attempts().get(0);
    new io.quern.webui.HeadlessChromium(java.nio.file.Files.createTempDirectory(cluster.tmpDir(), "chromium"))
        .browse(List.of(
            new io.quern.webui.HeadlessChromium.Visit("pseudo-job", master + "job?id=" + jobId,
                List.of(jobId, attempt.id(), "SUCCEEDED", "Counters", "MAP_INPUT_RECORDS")),
            new io.quern.webui.HeadlessChromium.Visit("pseudo-timeline", master + "timeline?id=" + jobId,
                List.of("<svg", "class=\"map\"", "class=\"reduce\"")),
            new io.quern.webui.HeadlessChromium.Visit("pseudo-namenode", namenode, List.of("Live DataNodes",
                "Safe mode is off")),
            new io.quern.webui.HeadlessChromium.Visit("pseudo-worker-log",
                "http://" + attempt.workerHttp() + "/logs?attempt=" + attempt.id() + "&kind=syslog",
                List.of(attempt.id()))));
  }

  /** The page address on the {@code admin -report} line that holds {@code mark}. */
  private static String pages(String report, String mark) {
    for (String line : report.split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(" pages (http://\\S+/)").matcher(line);
      if (line.contains(mark) && m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no pages on a line with '" + mark + "' in\n" + report);
  }

  @Test
  @Order(3)
  void twoJobsAtOnceBothCorrect() throws Exception {
    CompletableFuture<PseudoCluster.Result> a = CompletableFuture.supplyAsync(() -> quietly("wordcount", "/in", "/wcA"));
    CompletableFuture<PseudoCluster.Result> b = CompletableFuture.supplyAsync(() -> quietly("wordcount", "/in", "/wcB"));
    assertEquals(0, a.get().exit(), () -> a.join().err());
    assertEquals(0, b.get().exit(), () -> b.join().err());
    assertEquals(reference, output("/wcA"));
    assertEquals(reference, output("/wcB"));
  }

  @Test
  @Order(4)
  void twoHundredTinyMaps() throws Exception {
    PseudoCluster.Result run = cluster.quern("jar", JAR, "sleep", "-m", "200", "-r", "2", "-mt", "1", "-rt", "1");
    assertEquals(0, run.exit(), () -> run.out() + run.err());
    System.out.printf("200 tiny maps: %.1f s%n", run.seconds());
  }

  @Test
  @Order(5)
  void onATerminalQuernJarDrawsAProgressBarInPlaceOfTheLines() throws Exception {
    // script(1) runs the command on a pseudo-terminal, as a user's shell would.
    PseudoCluster.Result run = cluster.run(java.time.Duration.ofSeconds(120), "/usr/bin/script", "-qec",
        "bin/quern jar " + JAR + " sleep -m 6 -r 1 -mt 400 -rt 100", "/dev/null");
    assertEquals(0, run.exit(), () -> run.out() + run.err());
    String tty = run.out();
    assertTrue(tty.contains("\r[########################] 100% map 6/6 reduce 1/1 succeeded in "), tty);
    assertTrue(java.util.regex.Pattern.compile("\r\\[[#-]{24}\\] +\\d+% map [0-5]/6 \\(\\d running\\)").matcher(tty).find(),
        "frames while the maps ran: " + tty);
    assertTrue(!tty.contains("map 100% reduce 100%"), "no percentage lines on a terminal: " + tty);
  }

  @Test
  @Order(6)
  void teraSortOf100MbValidates() throws Exception {
    // Relative paths, as a Hadoop user types them: the tasks, under user ids of their own, find
    // the partition file the client wrote in the job user's home directory.
    cluster.quern("jar", JAR, "teragen", "1000000", "tera/in").ok();
    PseudoCluster.Result sort = cluster.quern("jar", JAR, "terasort", "tera/in", "tera/out");
    assertEquals(0, sort.exit(), () -> sort.out() + sort.err());
    PseudoCluster.Result validate = cluster.quern("jar", JAR, "teravalidate", "tera/out", "tera/report");
    assertEquals(0, validate.exit(), () -> validate.out() + validate.err());
    // Hadoop's terasort writes its output at replication 1 and its partition file as usual.
    String listing = cluster.quern("fs", "-ls", "tera/out").ok().out();
    assertTrue(listing.lines().filter(l -> l.contains("/part-r-")).allMatch(l -> l.split("\\s+")[1].equals("1"))
        && listing.contains("/part-r-"), listing);
    String report = cluster.quern("fs", "-cat", "tera/report/part-*").ok().out();
    assertTrue(!report.contains("misorder") && !report.contains("error"), report);
    System.out.printf("terasort 100 MB: %.1f s%n", sort.seconds());
  }

  @Test
  @Order(7)
  void workerKilledMidJobStillGivesIdenticalOutput() throws Exception {
    // Four copies of the corpus: enough maps that the job is still running when the kill lands.
    cluster.quern("fs", "-mkdir", "-p", "/inBig").ok();
    for (int i = 0; i < 4; i++) {
      cluster.quern("fs", "-D", "dfs.block.size=4m", "-cp", "/in/corpus.txt", "/inBig/corpus" + i + ".txt").ok();
    }
    Map<String, Long> expected = new java.util.HashMap<>();
    reference.forEach((word, n) -> expected.put(word, 4 * n));
    // Killed as soon as the client says the job runs (its output, not a poll of the master that
    // takes a JVM start each time): the job's twelve maps are on all three workers by then.
    Path out = cluster.tmpDir().resolve("job-kill.out");
    Process job = cluster.start(out, "bin/quern", "jar", JAR, "wordcount", "-D", "mapred.reduce.tasks=2", "/inBig",
        "/wcKill");
    Wait.until("the job to be submitted", Duration.ofSeconds(120),
        () -> !job.isAlive() || both(out).contains("Running job"));
    assertTrue(job.isAlive(), () -> "the job ended before a worker could be killed under it:\n" + both(out));
    PseudoCluster.signal(cluster.runningPid("worker", "127.0.0.3"), "KILL");
    assertTrue(job.waitFor(240, java.util.concurrent.TimeUnit.SECONDS), "the job did not finish within 240 s");
    assertEquals(0, job.exitValue(), () -> both(out) + cluster.tailLogs());
    assertEquals(expected, output("/wcKill"));
  }

  /**
   * The NameNode dies as a job starts and stays away past its ZooKeeper session: the job's
   * status says it waits for the NameNode, its attempts hold their DFS calls instead of failing,
   * and once the NameNode is started again the job finishes with the right output.
   */
  @Test
  @Order(8)
  void aJobWaitsForAKilledNamenodeAndFinishesOnceItIsBack() throws Exception {
    Map<String, Long> expected = new java.util.HashMap<>();
    reference.forEach((word, n) -> expected.put(word, 4 * n));
    Path out = cluster.tmpDir().resolve("job-namenode.out");
    Process job = cluster.start(out, "bin/quern", "jar", JAR, "wordcount", "-D", "mapred.reduce.tasks=2", "/inBig",
        "/wcNamenode");
    Wait.until("the job to be submitted", Duration.ofSeconds(120),
        () -> !job.isAlive() || both(out).contains("Running job"));
    assertTrue(job.isAlive(), () -> "the job ended before the NameNode could be killed under it:\n" + both(out));
    PseudoCluster.signal(cluster.runningPid("namenode", "127.0.0.1"), "KILL");
    Wait.until("the job's progress to say it waits for the NameNode", Duration.ofSeconds(90),
        () -> !job.isAlive() || both(out).contains("waiting for the NameNode"));
    assertTrue(job.isAlive(), () -> "the job ended while the NameNode was away:\n" + both(out) + cluster.tailLogs());
    String jobId = both(out).replaceAll("(?s).*Running job: (\\S+).*", "$1");
    assertTrue(cluster.quern("job", "-status", jobId).ok().out().contains("Note: waiting for the NameNode"));
    cluster.run(Duration.ofSeconds(30), "bin/quern-daemon.sh", "start", "namenode", "127.0.0.1").ok();
    assertTrue(job.waitFor(240, java.util.concurrent.TimeUnit.SECONDS), "the job did not finish within 240 s");
    assertEquals(0, job.exitValue(), () -> both(out) + cluster.tailLogs());
    assertEquals(expected, output("/wcNamenode"));
  }

  /** What a background command wrote to stdout and stderr so far. */
  private static String both(Path out) {
    try {
      Path err = out.resolveSibling(out.getFileName() + ".err");
      return java.nio.file.Files.readString(out) + (java.nio.file.Files.exists(err) ? java.nio.file.Files.readString(err) : "");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static PseudoCluster.Result quietly(String... args) {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "jar";
    cmd[1] = JAR;
    System.arraycopy(args, 0, cmd, 2, args.length);
    try {
      return cluster.quern(cmd);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
