package io.quern.minicluster;

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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging area on a DFS, with jobs of several users on an in-JVM master and worker: each
 * user's staging directory is the user's own, and the shared root is sticky. The test JVM's user started the NameNode: the superuser.
 */
@Timeout(240)
class StagingIT {
  /** Made by the superuser, 1777, as an administrator would. */
  static final String SHARED_ROOT = "/tmp/shared-staging";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniDfs dfs;
  static MiniMrCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new MiniMrCluster(dir, 1, 2, 1, conf -> {
      conf.set("dfs.permissions.user.groups", "alice=alice;bob=bob;carol=carol;mallory=mallory");
      dfs = MiniDfs.start(conf, dir.resolve("dfs"));
    });
    try (FileSystem su = fs(null)) {
      for (String user : List.of("alice", "bob")) {
        su.mkdirs(new Path("/user/" + user));
        su.setOwner(new Path("/user/" + user), user, user);
      }
      su.mkdirs(new Path(SHARED_ROOT));
      su.setPermission(new Path(SHARED_ROOT), FsPermission.valueOf("1777"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.closeAll();
    if (cluster != null) {
      cluster.close();
    }
    if (dfs != null) {
      dfs.close();
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
}
