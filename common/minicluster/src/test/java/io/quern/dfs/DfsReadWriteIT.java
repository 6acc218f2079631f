package io.quern.dfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.BlockLocation;
import io.quern.fs.DistributedFileSystem;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileAlreadyExistsException;
import io.quern.fs.FileStatus;
import io.quern.fs.Path;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.protocol.dfs.InvalidPathException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and reads on a healthy 3-DataNode cluster; one cluster for the whole class. */
class DfsReadWriteIT {
  static final int MB = 1 << 20;
  @TempDir
  static java.nio.file.Path tmp;
  static MiniDfsCluster cluster;
  static DistributedFileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(3).start();
    fs = cluster.newFileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fs != null) {
      fs.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void write(DistributedFileSystem fs, Path p, byte[] b) throws IOException {
    try (FSDataOutputStream out = fs.create(p, true)) {
      out.write(b);
    }
  }

  static byte[] read(DistributedFileSystem fs, Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  @Test
  void filesOfBoundarySizesReadBackByteEqual() throws Exception {
    int[] sizes = {0, 1, MB - 1, MB, MB + 1, 3 * MB + MB / 2};
    for (int size : sizes) {
      Path p = new Path("/sizes/f" + size);
      byte[] b = data(size, size);
      write(fs, p, b);
      FileStatus st = fs.getFileStatus(p);
      assertEquals(size, st.getLen(), "length of " + p);
      assertEquals(3, st.getReplication());
      assertArrayEquals(b, read(fs, p), "content of " + p);
    }
    BlockLocation[] locs = fs.getFileBlockLocations(fs.getFileStatus(new Path("/sizes/f" + (MB + 1))), 0, MB + 1);
    assertEquals(2, locs.length);
    assertEquals(MB, locs[1].getOffset());
    assertEquals(1, locs[1].getLength());
    assertEquals(3, locs[0].getHosts().length);
    assertTrue(locs[0].getTopologyPaths()[0].startsWith("/default-rack/127.0.0."));
  }

  @Test
  void seekAndPositionedReads() throws Exception {
    Path p = new Path("/seek/f");
    byte[] b = data(2 * MB + 77, 42);
    write(fs, p, b);
    try (FSDataInputStream in = fs.open(p)) {
      in.seek(MB - 3);
      byte[] six = new byte[6];
      in.readFully(six);
      assertArrayEquals(java.util.Arrays.copyOfRange(b, MB - 3, MB + 3), six);
      assertEquals(MB + 3, in.getPos());
      byte[] tail = new byte[77];
      in.readFully(2L * MB, tail);
      assertArrayEquals(java.util.Arrays.copyOfRange(b, 2 * MB, 2 * MB + 77), tail);
      assertEquals(MB + 3, in.getPos(), "positioned reads do not move the stream");
      in.seek(0);
      assertEquals(b[0] & 0xff, in.read());
    }
  }

  @Test
  void namespaceThroughTheClient() throws Exception {
    Path dir = new Path("/ns");
    assertTrue(fs.mkdirs(new Path(dir, "a/b")));
    write(fs, new Path(dir, "a/file"), data(10, 1));
    assertThrows(FileAlreadyExistsException.class, () -> fs.create(new Path(dir, "a/file"), false));
    assertThrows(FileAlreadyExistsException.class, () -> fs.create(new Path(dir, "a/b"), true));
    assertThrows(FileNotFoundException.class, () -> fs.open(new Path("/ns/missing")));
    assertThrows(FileNotFoundException.class, () -> fs.listStatus(new Path("/ns/missing")));
    assertThrows(InvalidPathException.class, () -> fs.mkdirs(new Path("/ns/../x")));
    assertEquals(2, fs.listStatus(new Path(dir, "a")).length);
    assertTrue(fs.rename(new Path(dir, "a/file"), new Path(dir, "a/b")));
    assertTrue(fs.exists(new Path(dir, "a/b/file")));
    assertFalse(fs.rename(new Path(dir, "nothing"), new Path(dir, "x")));
    assertTrue(fs.setReplication(new Path(dir, "a/b/file"), (short) 2));
    assertEquals(2, fs.getFileStatus(new Path(dir, "a/b/file")).getReplication());
    assertTrue(fs.delete(dir, true));
    assertFalse(fs.exists(dir));
    Path rel = new Path("relative");
    fs.mkdirs(rel);
    assertTrue(fs.exists(new Path("/user/" + System.getProperty("user.name") + "/relative")));
  }

  /**
   * The home directory is the acting user's (quern.user.name), not the OS user's: a task runs
   * under a user id of its own but acts as the job's user, and finds what the client wrote under
   * a relative path (terasort's partition file) where the client put it.
   */
  @Test
  void relativePathsResolveUnderTheActingUsersHome() throws Exception {
    assertTrue(fs.mkdirs(new Path("/user/alice")));
    fs.setOwner(new Path("/user/alice"), "alice", "alice");
    io.quern.conf.Configuration conf = new io.quern.conf.Configuration(cluster.conf());
    conf.set(io.quern.conf.UserName.KEY, "alice");
    try (DistributedFileSystem alice = (DistributedFileSystem) io.quern.fs.FileSystem.newInstance(
        java.net.URI.create("qfs:///"), conf)) {
      assertEquals("/user/alice", alice.getHomeDirectory().toUri().getPath());
      write(alice, new Path("part.lst"), data(100, 3));
      assertArrayEquals(data(100, 3), read(fs, new Path("/user/alice/part.lst")));
      assertEquals("alice", fs.getFileStatus(new Path("/user/alice/part.lst")).getOwner());
    }
  }
}
