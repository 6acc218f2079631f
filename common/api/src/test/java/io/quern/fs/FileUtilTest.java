package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quern.conf.Configuration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUtilTest {
  /** The local disk, recording the replication and block size each create asked for. */
  public static class RecordingFileSystem extends LocalFileSystem {
    short replication;
    long blockSize;

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize)
        throws IOException {
      this.replication = replication;
      this.blockSize = blockSize;
      return super.create(f, overwrite, bufferSize, replication, blockSize);
    }
  }

  @TempDir
  java.nio.file.Path dir;

  @AfterEach
  void closeAll() throws IOException {
    FileSystem.closeAll();
  }

  private static Configuration conf(int replication, long blockSize) {
    Configuration conf = new Configuration();
    conf.set("fs.rec.impl", RecordingFileSystem.class.getName());
    DfsKeys.REPLICATION.set(conf, replication);
    DfsKeys.BLOCK_SIZE.set(conf, blockSize);
    return conf;
  }

  @Test
  void createTakesTheCallersReplicationAndBlockSizeOverTheCachedInstances() throws IOException {
    Path file = new Path("rec://" + dir + "/a/b/part-0");
    FileSystem cached = file.getFileSystem(conf(3, 128L << 20));
    // The same cached instance, a job's configuration asking for two replicas of 1 MB blocks.
    Configuration job = conf(2, 1L << 20);
    assertSame(cached, file.getFileSystem(job));
    try (OutputStream out = FileUtil.create(file, job)) {
      out.write("first".getBytes(StandardCharsets.UTF_8));
    }
    RecordingFileSystem rec = (RecordingFileSystem) cached;
    assertEquals(2, rec.replication);
    assertEquals(1L << 20, rec.blockSize);
    // Parents made; a second create overwrites.
    try (OutputStream out = FileUtil.create(file, job)) {
      out.write("second".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("second", Files.readString(dir.resolve("a/b/part-0")));
  }

  @Test
  void listSortedIsEmptyForAMissingDirectoryAndListsAFileAsItself() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path out = new Path(dir.toString(), "out");
    assertEquals(0, FileUtil.listSorted(fs, out).length);
    for (String name : new String[] {"part-2", "_SUCCESS", "part-10", "part-1"}) {
      Files.createDirectories(dir.resolve("out"));
      Files.writeString(dir.resolve("out").resolve(name), name);
    }
    String[] names = Arrays.stream(FileUtil.listSorted(fs, out)).map(s -> s.getPath().getName()).toArray(String[]::new);
    assertArrayEquals(new String[] {"_SUCCESS", "part-1", "part-10", "part-2"}, names);
    FileStatus[] one = FileUtil.listSorted(fs, new Path(out, "part-2"));
    assertEquals(1, one.length);
    assertEquals("part-2", one[0].getPath().getName());
    assertEquals(6, one[0].getLen());
  }
}
