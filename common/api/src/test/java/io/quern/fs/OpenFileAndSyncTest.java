package io.quern.fs;

import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_READ_POLICY;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_READ_POLICY_SEQUENTIAL;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_SPLIT_END;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_SPLIT_START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.util.functional.FutureIO;
import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileAndSyncTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void openFileWithHintsReadsTheFile() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    Files.write(tmp.resolve("f"), data);
    Path p = new Path("file://" + tmp + "/f");
    FSDataInputStream in = FutureIO.awaitFuture(fs.openFile(p)
        .optLong(FS_OPTION_OPENFILE_SPLIT_START, 10)
        .optLong(FS_OPTION_OPENFILE_SPLIT_END, 5000)
        .opt(FS_OPTION_OPENFILE_READ_POLICY, FS_OPTION_OPENFILE_READ_POLICY_SEQUENTIAL)
        .opt("fs.option.openfile.some.other.hint", "x")
        .build());
    try (in) {
      in.seek(50_000);
      byte[] got = new byte[50_000];
      in.readFully(got);
      byte[] want = new byte[50_000];
      System.arraycopy(data, 50_000, want, 0, want.length);
      assertArrayEquals(want, got);
    }
  }

  @Test
  void anUnknownMandatoryOptionOrAMissingFileFails() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Files.write(tmp.resolve("f"), new byte[] {1});
    Path p = new Path("file://" + tmp + "/f");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fs.openFile(p).must("fs.option.openfile.unknown", "1").build());
    assertTrue(e.getMessage().contains("fs.option.openfile.unknown"), e.getMessage());
    FutureIO.awaitFuture(fs.openFile(p).mustLong(Options.OpenFileOptions.FS_OPTION_OPENFILE_LENGTH, 1).build()).close();
    Path missing = new Path("file://" + tmp + "/none");
    assertThrows(FileNotFoundException.class, () -> FutureIO.awaitFuture(fs.openFile(missing).build()));
  }

  @Test
  void hsyncOfALocalFileMakesItsBytesReadableBeforeClose() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path p = new Path("file://" + tmp + "/s");
    try (FSDataOutputStream out = fs.create(p)) {
      out.writeBytes("first");
      out.hsync();
      assertEquals("first", Files.readString(tmp.resolve("s")));
      out.writeBytes(" second");
      out.hflush();
      assertEquals("first second", Files.readString(tmp.resolve("s")));
    }
  }

  @Test
  void makeQualifiedWithAUriAndAWorkingDirectory() {
    URI nn = URI.create("qfs://nn:9000/");
    Path wd = new Path("/user/ann");
    assertEquals(new Path("qfs://nn:9000/user/ann/in"), new Path("in").makeQualified(nn, wd));
    assertEquals(new Path("qfs://nn:9000/data"), new Path("/data").makeQualified(nn, wd));
    assertEquals(new Path("qfs://nn:9000/data"), new Path("qfs:/data").makeQualified(nn, wd));
    assertEquals(new Path("file:///tmp/x"), new Path("file:///tmp/x").makeQualified(nn, wd));
    assertEquals(new Path("qfs://other:1/x"), new Path("qfs://other:1/x").makeQualified(nn, wd));
  }

  @Test
  void defaultBlockSizeAndReplicationOfAPathAreTheFileSystems() throws Exception {
    Configuration conf = new Configuration();
    conf.set("dfs.block.size", "1m");
    FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf);
    assertEquals(1L << 20, fs.getDefaultBlockSize(new Path("/any")));
    assertEquals(fs.getDefaultReplication(), fs.getDefaultReplication(new Path("/any")));
  }
}
