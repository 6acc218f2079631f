package io.quern.pseudo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks on the multi-process cluster act in the DFS as the user who submitted their job, proved
 * by their job token: whatever user a task claims, its files are its submitter's and other users'
 * private files stay closed to it; and the cluster's administration refuses it. The jobs are
 * {@code io.quern.isolation.IsolationJobs}, packed into a jar and run with bin/quern jar as alice.
 */
class JobIsolationPseudoIT {
  private static final String MAIN = "io.quern.isolation.IsolationJobs";
  private static PseudoCluster cluster;
  private static int base;
  private static Path jar;

  @BeforeAll
  static void start() throws Exception {
    base = PseudoCluster.portBase(17810);
    Map<String, String> props = new HashMap<>(ClusterSkeletonIT.testPorts(base));
    props.put("dfs.permissions.user.groups", "alice=alice;bob=bob");
    cluster = new PseudoCluster("isolation", base, props);
    PseudoCluster.Result start = cluster.run(Duration.ofSeconds(150), "bin/start-all.sh");
    assertEquals(0, start.exit(), () -> "start-all failed:\n" + start.out() + start.err() + cluster.tailLogs());
    jar = isolationJar(cluster.tmpDir().resolve("isolation-jobs.jar"));
    // The superuser (who started the NameNode) hands out home directories; bob keeps his closed.
    cluster.quern("fs", "-mkdir", "-p", "/user/alice/in", "/user/bob").ok();
    cluster.quern("fs", "-chown", "-R", "alice:alice", "/user/alice").ok();
    cluster.quern("fs", "-chown", "bob:bob", "/user/bob").ok();
    // Every user stages job files under the staging root (mapreduce.jobtracker.staging.root.dir).
    String staging = cluster.tmpDir().resolve("data/mapred/staging").toString();
    cluster.quern("fs", "-mkdir", "-p", staging).ok();
    cluster.quern("fs", "-chmod", "777", staging).ok();
    Path local = cluster.tmpDir().resolve("words.txt");
    Files.writeString(local, "b a b c b a\n");
    as("alice", "fs", "-put", local.toString(), "/user/alice/in/words.txt").ok();
    Path bobs = cluster.tmpDir().resolve("bobs.txt");
    Files.writeString(bobs, "bob's private line\n");
    as("bob", "fs", "-put", bobs.toString(), "/user/bob/private.txt").ok();
    as("bob", "fs", "-chmod", "700", "/user/bob").ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The classes of io.quern.isolation from the test classes, as a job jar. */
  private static Path isolationJar(Path to) throws IOException {
    Path classes = PseudoCluster.HOME.resolve("examples/target/test-classes");
    try (OutputStream file = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes.resolve("io/quern/isolation"))) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return to;
  }

  private static PseudoCluster.Result as(String user, String command, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(command, "-D", "quern.user.name=" + user));
    cmd.addAll(List.of(args));
    return cluster.quern(cmd.toArray(String[]::new));
  }

  /** Runs an isolation job as alice over /user/alice/in, with {@code settings} as -D options. */
  private static PseudoCluster.Result aliceRuns(String kind, String out, String... settings) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("jar", jar.toString(), MAIN, "-D", "quern.user.name=alice"));
    for (String s : settings) {
      cmd.add("-D");
      cmd.add("isolation." + s);
    }
    cmd.addAll(List.of(kind, "/user/alice/in", out));
    return cluster.quern(cmd.toArray(String[]::new));
  }

  /** The owner column of each {@code -ls} line, by file name. */
  private static Map<String, String> owners(String dir) throws Exception {
    Map<String, String> owners = new TreeMap<>();
    for (String line : cluster.quern("fs", "-ls", dir).ok().out().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && f[f.length - 1].startsWith(dir)) {
        owners.put(f[f.length - 1].substring(dir.length() + 1), f[2]);
      }
    }
    return owners;
  }

  @Test
  void aJobOfAliceWritesAsAliceWhateverItsTasksClaim() throws Exception {
    PseudoCluster.Result wc = cluster.quern("jar", "examples/target/quern-examples.jar", "wordcount",
        "-D", "quern.user.name=alice", "/user/alice/in", "/user/alice/wc");
    assertEquals(0, wc.exit(), () -> wc.out() + wc.err() + cluster.tailLogs());
    assertEquals("a\t2\nb\t3\nc\t1\n", cluster.quern("fs", "-cat", "/user/alice/wc/part-*").ok().out());
    Map<String, String> wcOwners = owners("/user/alice/wc");
    assertEquals("alice", wcOwners.get("part-r-00000"), wcOwners.toString());

    // A task claiming to be the superuser still creates its file as alice.
    PseudoCluster.Result claim = aliceRuns("claim", "/user/alice/claim-out", "claim.user=root",
        "write.file=/user/alice/claimed.txt");
    assertEquals(0, claim.exit(), () -> claim.out() + claim.err());
    assertEquals("alice", owners("/user/alice").get("claimed.txt"), cluster.quern("fs", "-ls", "/user/alice").out());
  }

  @Test
  void aJobOfAliceCannotReadBobsPrivateFileEvenClaimingToBeBob() throws Exception {
    for (String claim : List.of("", "bob", "root")) {
      PseudoCluster.Result read = claim.isEmpty()
          ? aliceRuns("sideread", "/user/alice/read-out", "side.file=/user/bob/private.txt",
              "mapred.map.max.attempts=1")
          : aliceRuns("sideread", "/user/alice/read-out-" + claim, "side.file=/user/bob/private.txt",
              "claim.user=" + claim, "mapred.map.max.attempts=1");
      assertNotEquals(0, read.exit(), "alice's job claiming '" + claim + "' read bob's file:\n" + read.out());
      String said = read.out() + read.err();
      assertTrue(said.contains("Permission denied: user=alice") && said.contains("inode=/user/bob"), said);
    }
    // Bob himself can.
    assertEquals("bob's private line\n", as("bob", "fs", "-cat", "/user/bob/private.txt").ok().out());
  }

  /**
   * A task is not told where the secret is, but can guess; a worker started as root runs it as a
   * user id of its job's own, which cannot read the file. Where the workers cannot switch users
   * (not root, or the installation unreadable to other users), tasks run as the worker's user,
   * and this cannot hold.
   */
  @Test
  void aTaskCannotReadTheClusterSecretFile() throws Exception {
    Path secret = cluster.tmpDir().resolve("data/secret");
    assertTrue(Files.exists(secret), "the cluster secret is at " + secret);
    String why = whyTasksCannotSwitchUsers();
    Assumptions.assumeTrue(why == null, () -> "tasks run as the worker's own user here: " + why);
    PseudoCluster.Result run = aliceRuns("secret", "/user/alice/secret-out", "secret.path=" + secret);
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    String seen = cluster.quern("fs", "-cat", "/user/alice/secret-out/part-*").ok().out();
    java.util.regex.Matcher uid = java.util.regex.Pattern.compile("taskuid (\\d+)\n").matcher(seen);
    assertTrue(uid.find(), seen);
    long id = Long.parseLong(uid.group(1));
    assertTrue(id >= 1_900_000_000L && id <= 1_900_999_999L, "the task ran as uid " + id);
    assertTrue(seen.contains("secretread DENIED"), seen);
    assertFalse(seen.contains(Files.readString(secret).trim()), "the task saw the cluster secret");
  }

  /** Null when the workers can run tasks as a user id of the range, else why not, checked as a worker checks it. */
  private static String whyTasksCannotSwitchUsers() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the workers do not run as root";
    }
    Path jar;
    try (Stream<Path> lib = Files.list(PseudoCluster.HOME.resolve("lib"))) {
      jar = lib.filter(f -> f.getFileName().toString().startsWith("quern-api")).findFirst().orElseThrow();
    }
    Process p = new ProcessBuilder("setpriv", "--reuid=1900000000", "--regid=1900000000", "--clear-groups", "--",
        "sh", "-c", "[ -r \"$1\" ] && [ -x \"$2\" ]", "probe", jar.toString(), cluster.tmpDir().resolve("data").toString())
        .redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    return p.waitFor() == 0 ? null : "a user id of the range cannot read " + jar + " or enter " + cluster.tmpDir() + " " + said;
  }

  @Test
  void theClusterAdministrationRefusesATask() throws Exception {
    String fsck = cluster.quern("fsck", "/user/bob/private.txt", "-files", "-blocks").ok().out();
    java.util.regex.Matcher bobsBlock = java.util.regex.Pattern.compile("blk_(\\d+)").matcher(fsck);
    assertTrue(bobsBlock.find(), fsck);
    PseudoCluster.Result run = aliceRuns("hostile", "/user/alice/hostile-out",
        "namenode=127.0.0.1:" + (base + 1), "datanode=127.0.0.2:" + (base + 2),
        "master=127.0.0.1:" + (base + 3), "side.file=/user/bob/private.txt", "claim.user=bob",
        "block=" + bobsBlock.group(1), "own.file=/user/alice/in/words.txt");
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    Map<String, String> outcomes = new TreeMap<>();
    for (String line : cluster.quern("fs", "-cat", "/user/alice/hostile-out/part-*").ok().out().split("\n")) {
      String[] kv = line.split("\t");
      if (kv.length >= 2) {
        outcomes.put(kv[0], kv[1]);
      }
    }
    System.out.println("hostile task's probes:\n" + String.join("\n", outcomes.entrySet().stream()
        .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
    assertTrue(outcomes.get("credentials").contains("user=alice"), outcomes.toString());
    for (String probe : List.of("master.submission", "namenode.setSafeMode", "namenode.decommission",
        "namenode.datanodeReport", "namenode.blockReport", "namenode.claimOtherUser", "datanode.invalidate",
        "worker.kill", "worker.jobFinished", "worker.readLog", "datanode.readWithoutToken",
        "datanode.readWithOwnBlocksToken", "datanode.truncateWithoutToken", "datanode.pipelineToAnywhere",
        "namenode.reportBadBlocks",
        "datanode.pipelineUnderAnotherId")) {
      assertTrue(outcomes.getOrDefault(probe, "missing").startsWith("REFUSED"), probe + ": " + outcomes.get(probe));
    }
    assertTrue(outcomes.get("namenode.claimOtherUser").contains("Permission denied"),
        outcomes.get("namenode.claimOtherUser"));
    // What the DataNode refuses is the token, not the task: its own block, with its token, it reads.
    // (a read returns whole checksum pieces: the 12-byte file whole)
    assertEquals("ALLOWED: 12 bytes", outcomes.get("datanode.readOwnBlock"), outcomes.toString());
    assertTrue(outcomes.get("datanode.readWithoutToken").contains("no block access token"), outcomes.toString());
    assertTrue(outcomes.get("datanode.readWithOwnBlocksToken").contains("not one issued for this block"),
        outcomes.toString());
    assertTrue(outcomes.get("datanode.pipelineToAnywhere").contains("not a registered DataNode"), outcomes.toString());
    assertTrue(outcomes.get("datanode.pipelineUnderAnotherId").contains("not a registered DataNode"),
        outcomes.toString());
    assertEquals("bob's private line\n", as("bob", "fs", "-cat", "/user/bob/private.txt").ok().out());
    // The cluster is as it was: out of safe mode, every DataNode in service.
    assertTrue(cluster.quern("admin", "-safemode", "get").ok().out().contains("OFF"));
    String report = cluster.quern("admin", "-report").ok().out();
    assertTrue(report.contains("datanodes: 3 live"), report);
  }

  /**
   * A job's own output committer is user code: it runs in a task JVM of the job, with the job's
   * token and without the cluster secret, never inside the master (which holds the secret and,
   * on another host, would not even have the client's jar).
   */
  @Test
  void aJobsOwnCommitterRunsInATaskJvmNotInTheMaster() throws Exception {
    PseudoCluster.Result run = aliceRuns("committer", "/user/alice/committer-out");
    assertEquals(0, run.exit(), () -> run.out() + run.err() + cluster.tailLogs());
    String witness = cluster.quern("fs", "-cat", "/user/alice/committer-out/_COMMITTED_BY").ok().out();
    assertTrue(witness.startsWith("io.quern.worker.child.ChildMain\n"), witness);
    if (whyTasksCannotSwitchUsers() == null) {
      assertTrue(witness.contains("secret REFUSED"), witness);
    }
    assertEquals("alice", owners("/user/alice/committer-out").get("_COMMITTED_BY"));
    String listing = cluster.quern("fs", "-ls", "/user/alice/committer-out").ok().out();
    assertTrue(listing.contains("_SUCCESS") && listing.contains("part-m-00000"), listing);
  }

  /**
   * Workers cache job jars by content for every job and user. A user (or a task running as her)
   * who plants another jar under the content name of a common one (here the examples jar, in
   * her own staging area, where the client would reuse it) gets neither her job nor anyone's run
   * with it: her client reads the staged copy back, finds it is not that content, says so and
   * stages the jar again (a client that skips this is refused by the workers, which hash what
   * they fetch: StagingIT), and another user's job of the real jar runs as it should.
   */
  @Test
  void aJarPlantedUnderAnotherJarsContentNameIsStagedAgain() throws Exception {
    // A jar of content no job has run yet, so that no worker has it cached already.
    Path real = uniqueCopyOfTheExamplesJar(cluster.tmpDir().resolve("examples-copy.jar"));
    String sha = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(real)));
    byte[] planted = new byte[(int) Files.size(real)];
    new java.util.Random(3).nextBytes(planted); // same length: the client used to reuse a staged jar of the right size
    Path fake = cluster.tmpDir().resolve("planted.jar");
    Files.write(fake, planted);
    String staging = cluster.tmpDir().resolve("data/mapred/staging").toString();
    String target = staging + "/alice/jars/" + sha + ".jar";
    as("alice", "fs", "-mkdir", "-p", staging + "/alice/jars").ok();
    as("alice", "fs", "-put", "-f", fake.toString(), target).ok();
    PseudoCluster.Result alices = cluster.quern("jar", real.toString(), "wordcount", "-D", "quern.user.name=alice",
        "-D", "mapred.map.max.attempts=1", "/user/alice/in", "/user/alice/planted-out");
    assertEquals(0, alices.exit(), () -> alices.out() + alices.err() + cluster.tailLogs());
    assertTrue(alices.err().contains("The staged job jar " + target + " does not hash to its name"), alices.err());
    assertEquals("a\t2\nb\t3\nc\t1\n", as("alice", "fs", "-cat", "/user/alice/planted-out/part-*").ok().out());
    Path back = cluster.tmpDir().resolve("restaged.jar");
    as("alice", "fs", "-get", target, back.toString()).ok();
    assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(back));
    as("bob", "fs", "-put", cluster.tmpDir().resolve("words.txt").toString(), "/user/bob/words.txt").ok();
    PseudoCluster.Result bobs = cluster.quern("jar", real.toString(), "wordcount", "-D", "quern.user.name=bob",
        "/user/bob/words.txt", "/user/bob/wc");
    assertEquals(0, bobs.exit(), () -> bobs.out() + bobs.err() + cluster.tailLogs());
    assertEquals("a\t2\nb\t3\nc\t1\n", as("bob", "fs", "-cat", "/user/bob/wc/part-*").ok().out());
  }

  /** The examples jar with one more entry of random content: the same program, a content of its own. */
  private static Path uniqueCopyOfTheExamplesJar(Path to) throws IOException {
    try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(
            PseudoCluster.HOME.resolve("examples/target/quern-examples.jar").toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(to))) {
      for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
        out.putNextEntry(new JarEntry(e.getName()));
        try (var body = in.getInputStream(e)) {
          body.transferTo(out);
        }
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("quern-test-unique.txt"));
      out.write(java.util.UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return to;
  }
}
