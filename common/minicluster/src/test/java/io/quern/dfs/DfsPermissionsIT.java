package io.quern.dfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.FsShell;
import io.quern.fs.Path;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.util.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two users on one mini cluster, each FileSystem acting as the user its {@code quern.user.name}
 * names; the test JVM's own user started the NameNode and is the superuser.
 */
class DfsPermissionsIT {
  @TempDir
  static java.nio.file.Path tmp;
  static MiniDfsCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniDfsCluster.builder(tmp.resolve("cluster")).dataNodes(1)
        .set("dfs.permissions.user.groups", "alice=staff;bob=dev").start();
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.closeAll();
    if (cluster != null) {
      cluster.close();
    }
  }

  static Configuration as(String user) {
    Configuration c = new Configuration(cluster.conf());
    if (user != null) {
      c.set(UserName.KEY, user);
    }
    return c;
  }

  static FileSystem fs(String user) throws Exception {
    return FileSystem.newInstance(URI.create("qfs:///"), as(user));
  }

  record Result(int status, String out, String err) {}

  static Result shell(String user, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = ToolRunner.run(as(user), new FsShell(new PrintStream(out, true), new PrintStream(err, true)), args);
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void twoUsers() throws Exception {
    assertEquals(0, shell(null, "-mkdir", "-p", "/home/alice").status());
    assertEquals(0, shell(null, "-chown", "alice:staff", "/home/alice").status());
    assertEquals(0, shell(null, "-chmod", "750", "/home/alice").status());

    byte[] data = "secret plans\n".getBytes(StandardCharsets.UTF_8);
    try (FileSystem alice = fs("alice"); FileSystem bob = fs("bob")) {
      try (FSDataOutputStream out = alice.create(new Path("/home/alice/plans.txt"))) {
        out.write(data);
      }
      FileStatus st = alice.getFileStatus(new Path("/home/alice/plans.txt"));
      assertEquals("alice", st.getOwner());
      assertEquals("staff", st.getGroup());
      assertEquals("rw-r--r--", st.getPermission().toString());
      try (var in = alice.open(new Path("/home/alice/plans.txt"))) {
        assertArrayEquals(data, in.readAllBytes());
      }

      AccessControlException e = assertThrows(AccessControlException.class,
          () -> bob.open(new Path("/home/alice/plans.txt")).close());
      assertEquals("Permission denied: user=bob, access=EXECUTE, inode=/home/alice (owner=alice, group=staff, "
          + "mode=drwxr-x---)", e.getMessage());
      assertThrows(AccessControlException.class, () -> bob.create(new Path("/home/alice/x")).close());
      assertThrows(AccessControlException.class, () -> bob.delete(new Path("/home/alice"), true));
      assertThrows(AccessControlException.class, () -> bob.mkdirs(new Path("/bobs-own")));

      Result ls = shell("bob", "-ls", "/home/alice");
      assertEquals(1, ls.status());
      assertTrue(ls.err().startsWith("-ls: Permission denied: user=bob, access=READ, inode=/home/alice"), ls.err());
      Result chgrp = shell("bob", "-chgrp", "dev", "/home/alice");
      assertEquals(1, chgrp.status());
      Result chown = shell("alice", "-chown", "bob", "/home/alice");
      assertEquals(1, chown.status());
      assertTrue(chown.err().contains("not a superuser"), chown.err());

      assertEquals(0, shell("alice", "-chmod", "-R", "755", "/home/alice").status());
      try (var in = bob.open(new Path("/home/alice/plans.txt"))) {
        assertArrayEquals(data, in.readAllBytes());
      }
      Result listing = shell("bob", "-ls", "/home/alice");
      assertEquals(0, listing.status(), listing.err());
      assertTrue(listing.out().contains("-rwxr-xr-x   1 alice      staff"), listing.out());
      Result root = shell(null, "-ls", "/home");
      assertTrue(root.out().contains("drwxr-xr-x   - alice      staff"), root.out());
    }
  }

  @Test
  void stickyDirectoryThroughTheShell() throws Exception {
    String superuser = System.getProperty("user.name");
    Result tmpLs = shell(null, "-ls", "/");
    assertTrue(tmpLs.out().contains(String.format("drwxrwxrwt   - %-10s supergroup", superuser)), tmpLs.out());
    assertEquals(0, shell(null, "-mkdir", "/pub").status());
    assertEquals(0, shell(null, "-chmod", "1777", "/pub").status());
    assertEquals(0, shell(null, "-chmod", "1770", "/pub").status());
    assertTrue(shell(null, "-ls", "/").out().contains("drwxrwx--T"), shell(null, "-ls", "/").out());
    assertEquals(0, shell(null, "-chmod", "1777", "/pub").status());
    try (FileSystem alice = fs("alice")) {
      alice.create(new Path("/pub/alices.txt")).close();
      alice.mkdirs(new Path("/pub/alices-dir"));
    }
    Result rm = shell("bob", "-rm", "/pub/alices.txt");
    assertEquals(1, rm.status());
    assertTrue(rm.err().contains("Permission denied by sticky bit: user=bob, inode=/pub/alices.txt (owner=alice), "
        + "parent=/pub (owner=" + superuser + ", mode=drwxrwxrwt)"), rm.err());
    assertEquals(1, shell("bob", "-rm", "-r", "/pub/alices-dir").status());
    assertEquals(1, shell("bob", "-mv", "/pub/alices.txt", "/pub/bobs.txt").status());
    Result listing = shell("bob", "-ls", "/pub");
    assertTrue(listing.out().contains("/pub/alices.txt") && listing.out().contains("/pub/alices-dir")
        && !listing.out().contains("bobs.txt"), listing.out());
    assertEquals(0, shell("alice", "-mv", "/pub/alices.txt", "/pub/renamed.txt").status());
    assertEquals(0, shell(null, "-rm", "-r", "/pub/alices-dir").status());
  }
}
