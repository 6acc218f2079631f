package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import java.io.FileNotFoundException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSystemTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void sameApiOnLocalDisk() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    FileSystem fs = FileSystem.get(conf);
    assertTrue(fs instanceof LocalFileSystem);
    Path dir = new Path("file://" + tmp + "/d");
    assertTrue(fs.mkdirs(dir));
    Path f = new Path(dir, "f");
    try (FSDataOutputStream out = fs.create(f)) {
      out.writeInt(42);
      out.write(new byte[100_000]);
      assertEquals(100_004, out.getPos());
    }
    assertEquals(100_004, fs.getFileStatus(f).getLen());
    try (FSDataInputStream in = fs.open(f)) {
      assertEquals(42, in.readInt());
      in.seek(100_000);
      assertEquals(100_000, in.getPos());
      byte[] four = new byte[4];
      in.readFully(0, four);
      assertArrayEquals(new byte[] {0, 0, 0, 42}, four);
    }
    assertEquals(1, fs.listStatus(dir).length);
    assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path(dir, "none")));
    assertTrue(fs.rename(f, new Path(dir, "g")));
    assertFalse(fs.exists(f));
    assertTrue(fs.delete(dir, true));
    assertFalse(fs.exists(dir));
    java.nio.file.Files.write(tmp.resolve("z"), new byte[10]);
    assertEquals(1, fs.getFileBlockLocations(new Path("file://" + tmp + "/z"), 0, 1).length);
  }

  @Test
  void appendWritesAtTheEndAndStatusReportsTheDisk() throws Exception {
    Configuration conf = new Configuration();
    conf.set(FileSystem.FS_DEFAULT_NAME_KEY, "file:///");
    FileSystem fs = FileSystem.get(conf);
    Path file = new Path(tmp.resolve("log").toString());
    try (FSDataOutputStream out = fs.create(file)) {
      out.write("first\n".getBytes());
    }
    try (FSDataOutputStream out = fs.append(file)) {
      assertEquals(6, out.getPos(), "positions continue from the end");
      out.write("second\n".getBytes());
    }
    assertEquals("first\nsecond\n", java.nio.file.Files.readString(tmp.resolve("log")));
    assertThrows(FileNotFoundException.class, () -> fs.append(new Path(tmp.resolve("none").toString())));
    FsStatus st = fs.getStatus(new Path(tmp.toString()));
    assertTrue(st.getCapacity() > 0 && st.getRemaining() > 0 && st.getRemaining() <= st.getCapacity());
  }

  @Test
  void cacheSharesInstancesUnlessNewInstance() throws Exception {
    Configuration conf = new Configuration();
    FileSystem a = FileSystem.get(URI.create("file:///"), conf);
    assertSame(a, FileSystem.get(URI.create("file:///x"), conf));
    FileSystem b = FileSystem.newInstance(URI.create("file:///"), conf);
    assertNotSame(a, b);
    a.close();
    assertNotSame(a, FileSystem.get(URI.create("file:///"), conf), "closing drops it from the cache");
  }
}
