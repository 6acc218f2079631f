package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.fs.permission.FsPermission;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging area on a DFS, with jobs of several users on an in-JVM master and worker: each
 * user's staging directory is the user's own, the shared root is sticky, and a staged jar is
 * reused only if it is what its name says. The test JVM's user started the NameNode: the superuser.
 */
@Timeout(240)
class StagingIT {
  /** Made by the superuser, 1777, as an administrator would. */
  static final String SHARED_ROOT = "/tmp/shared-staging";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniMrCluster.builder(dir).workers(1).slots(2, 1).onDfs()
        .set("dfs.permissions.user.groups", "alice=alice;bob=bob;carol=carol;mallory=mallory").start();
    try (FileSystem su = fs(null)) {
      for (String user : List.of("alice", "bob", "carol", "dave")) {
        su.mkdirs(new Path("/user/" + user));
        su.setOwner(new Path("/user/" + user), user, user);
      }
      su.mkdirs(new Path(SHARED_ROOT));
      su.setPermission(new Path(SHARED_ROOT), FsPermission.valueOf("1777"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Configuration as(String user) {
    Configuration c = cluster.conf();
    if (user != null) {
      c.set(io.quern.conf.UserName.KEY, user);
    }
    return c;
  }

  static FileSystem fs(String user) throws IOException {
    return FileSystem.newInstance(URI.create("qfs:///"), as(user));
  }

  /** A map-only word count of one line, as {@code user}, staging under {@code root}. */
  static Job job(String user, String root, String name) throws Exception {
    try (FileSystem fs = fs(user); FSDataOutputStream out = fs.create(new Path("/user/" + user + "/" + name + ".txt"))) {
      out.write("b a b\n".getBytes(StandardCharsets.UTF_8));
    }
    Configuration conf = as(user);
    conf.set(MRJobConfig.STAGING_DIR, root);
    Job job = Job.getInstance(conf, name);
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(0);
    FileInputFormat.addInputPath(job, "/user/" + user + "/" + name + ".txt");
    FileOutputFormat.setOutputPath(job, "/user/" + user + "/" + name + "-out");
    return job;
  }

  static String output(String user, String name) throws IOException {
    try (FileSystem fs = fs(user); var in = fs.open(new Path("/user/" + user + "/" + name + "-out/part-m-00000"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aStagingDirectoryAnotherUserOwnsRefusesTheSubmission() throws Exception {
    try (FileSystem mallory = fs("mallory")) {
      assertTrue(mallory.mkdirs(new Path(SHARED_ROOT + "/alice")));
    }
    Job job = job("alice", SHARED_ROOT, "refused");
    IOException e = assertThrows(IOException.class, job::submit);
    assertEquals("The staging directory " + SHARED_ROOT + "/alice is owned by mallory, not by alice who submits "
        + "the job; the job is refused.", e.getMessage());
    try (FileSystem su = fs(null)) {
      assertEquals(0, su.listStatus(new Path(SHARED_ROOT + "/alice")).length, "something was staged");
      assertFalse(su.exists(new Path("/user/alice/refused-out")));
    }
  }

  @Test
  void aMissingRootIsMadeStickyAndTheUsersDirectoryPrivate() throws Exception {
    String root = "/tmp/quern-staging";
    Job job = job("bob", root, "fresh");
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals("a\t1\nb\t2\n", output("bob", "fresh"));
    try (FileSystem su = fs(null)) {
      FileStatus shared = su.getFileStatus(new Path(root));
      assertEquals("rwxrwxrwt", shared.getPermission().toString());
      FileStatus own = su.getFileStatus(new Path(root + "/bob"));
      assertEquals("bob", own.getOwner());
      assertEquals("rwx------", own.getPermission().toString());
    }
    // Another user may use the root bob's client made, and may not remove bob's directory from it.
    try (FileSystem alice = fs("alice")) {
      assertTrue(alice.mkdirs(new Path(root + "/alice")));
      assertThrows(io.quern.protocol.dfs.AccessControlException.class,
          () -> alice.rename(new Path(root + "/bob"), new Path(root + "/alice/bob")));
    }
  }

  /**
   * Carol's staging area holds, under the content name of her jar, other bytes of the same
   * length (what a task running as carol could have left there). Her client sees it, says so,
   * and stages the jar again; before, it reused the file and the worker refused to run it.
   */
  @Test
  void aStagedJarThatIsNotItsContentIsStagedAgain() throws Exception {
    java.nio.file.Path jar = dir.resolve("carol.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("carol-" + System.nanoTime() + ".txt"));
      out.write("a jar of content no worker has cached".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    byte[] real = Files.readAllBytes(jar);
    String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(real));
    String staged = SHARED_ROOT + "/carol/" + io.quern.mapreduce.client.ClusterJobRunner.JAR_CACHE_DIR + "/" + sha
        + ".jar";
    byte[] planted = new byte[real.length];
    new java.util.Random(7).nextBytes(planted);
    try (FileSystem carol = fs("carol"); FSDataOutputStream out = carol.create(new Path(staged))) {
      out.write(planted);
    }
    Job job = job("carol", SHARED_ROOT, "tampered");
    job.getConfiguration().set(MRJobConfig.JAR, jar.toString());
    try (LogCapture log = new LogCapture(Class.forName("io.quern.mapreduce.client.StagingArea"))) {
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      String warning = log.warnings().stream().filter(w -> w.contains(staged)).findFirst().orElse("none");
      assertTrue(warning.startsWith("The staged job jar " + staged + " does not hash to its name (SHA-256 "), warning);
      assertTrue(warning.endsWith("; staging " + jar + " again"), warning);
    }
    assertEquals("a\t1\nb\t2\n", output("carol", "tampered"));
    try (FileSystem su = fs(null); var in = su.open(new Path(staged))) {
      assertArrayEquals(real, in.readAllBytes());
      assertEquals("rwx------", su.getFileStatus(new Path(SHARED_ROOT + "/carol")).getPermission().toString());
    }
  }

  /** A staged jar whose replicas are lost is a cache miss: the next submission stages it again. */
  @Test
  void aStagedJarThatCannotBeReadIsStagedAgain() throws Exception {
    java.nio.file.Path jar = dir.resolve("bob.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("bob-" + System.nanoTime() + ".txt"));
      out.write("a jar whose staged copy loses its replicas".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Job first = job("bob", "/tmp/bob-staging", "lost1");
    first.getConfiguration().set(MRJobConfig.JAR, jar.toString());
    assertTrue(first.waitForCompletion(false), first.getFailureInfo());
    String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(jar)));
    String staged = "/tmp/bob-staging/bob/" + io.quern.mapreduce.client.ClusterJobRunner.JAR_CACHE_DIR + "/" + sha
        + ".jar";
    long block = cluster.dfs().namesystem().getBlockLocations(null, staged, 0, Long.MAX_VALUE, "test").blocks().get(0).blockId();
    try (var files = Files.walk(dir.resolve("dfs"))) { // every DataNode's data directories
      for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith("blk_" + block)).toList()) {
        Files.delete(f); // the disk holding the only replica is gone
      }
    }

    Job second = job("bob", "/tmp/bob-staging", "lost2");
    second.getConfiguration().set(MRJobConfig.JAR, jar.toString());
    try (LogCapture log = new LogCapture(Class.forName("io.quern.mapreduce.client.StagingArea"))) {
      assertTrue(second.waitForCompletion(false), second.getFailureInfo());
      assertTrue(log.warnings().stream().anyMatch(w -> w.startsWith("The staged job jar " + staged + " cannot be read")),
          log.warnings().toString());
    }
    assertEquals("a\t1\nb\t2\n", output("bob", "lost2"));
    try (FileSystem su = fs(null); var in = su.open(new Path(staged))) {
      assertArrayEquals(Files.readAllBytes(jar), in.readAllBytes());
    }
  }

  /**
   * A client that skips that check (a hostile one, speaking the protocol itself) still gets no
   * other content run under a content name: the worker hashes the jar it fetches.
   */
  @Test
  void aJarThatIsNotItsContentIsRefusedByTheWorkerWhenAClientNamesItAnyway() throws Exception {
    String planted = SHARED_ROOT + "/dave/" + io.quern.mapreduce.client.ClusterJobRunner.JAR_CACHE_DIR + "/"
        + "0".repeat(64) + ".jar";
    try (FileSystem dave = fs("dave"); FSDataOutputStream out = dave.create(new Path(planted))) {
      out.write(new byte[] {1, 2, 3});
    }
    Job job = job("dave", SHARED_ROOT, "hostile");
    Configuration conf = job.getConfiguration();
    conf.set(MRJobConfig.USER_NAME, "dave");
    conf.setInt("mapred.map.max.attempts", 1);
    java.util.List<io.quern.mapreduce.SplitInfo> splits = new java.util.ArrayList<>();
    for (io.quern.mapreduce.InputSplit split : new io.quern.mapreduce.lib.input.TextInputFormat()
        .getSplits(new io.quern.mapreduce.task.JobContextImpl(conf, null))) {
      splits.add(io.quern.mapreduce.task.SplitCodec.encode(splits.size(), split));
    }
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    conf.writeXml(xml);
    try (io.quern.mapreduce.client.MasterConnection master = io.quern.mapreduce.client.MasterConnection.open(conf)) {
      String jobId = master.call(io.quern.protocol.mapred.JobSubmissionProtocol::newJobId);
      io.quern.protocol.mapred.JobSpec spec = new io.quern.protocol.mapred.JobSpec(jobId, "hostile", "dave", 0,
          xml.toByteArray(), planted, SHARED_ROOT + "/dave/" + jobId, splits, 0);
      master.call(p -> p.submit(spec));
      io.quern.testutil.Wait.until("the hostile job to end", java.time.Duration.ofMinutes(2), () -> {
        try {
          return master.call(p -> p.status(jobId)).state().isTerminal();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      io.quern.mapreduce.JobStatusReport end = master.call(p -> p.status(jobId));
      assertEquals(io.quern.mapreduce.JobState.FAILED, end.state());
      assertTrue(end.failureReason().contains("does not hash to its name"), end.failureReason());
    }
  }
}
