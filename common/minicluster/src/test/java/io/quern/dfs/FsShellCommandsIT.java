package io.quern.dfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.BlockLocation;
import io.quern.fs.FileSystem;
import io.quern.fs.FsShell;
import io.quern.io.IntWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Text;
import io.quern.io.compress.BZip2Codec;
import io.quern.io.compress.DefaultCodec;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.util.ToolRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fs commands beyond the basic ones, against a mini DFS: each checked on what it leaves or prints. */
class FsShellCommandsIT {
  @TempDir
  static java.nio.file.Path tmp;
  static MiniDfsCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniDfsCluster.builder(tmp.resolve("cluster")).dataNodes(3).start();
  }

  @AfterAll
  static void stop() throws Exception {
    FileSystem.closeAll();
    if (cluster != null) {
      cluster.close();
    }
  }

  record Result(int status, String out, String err) {}

  static Result shell(String... args) throws Exception {
    return shellWithInput(new byte[0], args);
  }

  static Result shellWithInput(byte[] stdin, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = ToolRunner.run(new Configuration(cluster.conf()), new FsShell(new ByteArrayInputStream(stdin),
        new PrintStream(out, true), new PrintStream(err, true)), args);
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static java.nio.file.Path local(String name, byte[] content) throws Exception {
    java.nio.file.Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void getmergeConcatenatesTheFilesInNameOrder() throws Exception {
    assertEquals(0, shell("-mkdir", "-p", "/gm/sub").status());
    assertEquals(0, shell("-put", local("gm-b", utf8("two")).toString(), "/gm/b").status());
    assertEquals(0, shell("-put", local("gm-a", utf8("one\n")).toString(), "/gm/a").status());
    assertEquals(0, shell("-touchz", "/gm/c").status());
    java.nio.file.Path merged = tmp.resolve("merged");
    assertEquals(0, shell("-getmerge", "/gm", merged.toString()).status());
    assertEquals("one\ntwo", Files.readString(merged));
    assertEquals(0, shell("-getmerge", "-nl", "/gm", merged.toString()).status());
    assertEquals("one\n\ntwo\n\n", Files.readString(merged));
    assertEquals(0, shell("-getmerge", "-nl", "-skip-empty-file", "/gm/*", merged.toString()).status());
    assertEquals("one\n\ntwo\n", Files.readString(merged));
  }

  @Test
  void textDecompressesAndPrintsSequenceFiles() throws Exception {
    String lines = "alpha\nbeta\ngamma\n".repeat(500);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      o.write(utf8(lines));
    }
    assertEquals(0, shell("-put", local("t.gz", gz.toByteArray()).toString(), "/text/t.gz").status());
    assertEquals(lines, shell("-text", "/text/t.gz").out());
    // A gzip file without the suffix is known by its magic bytes, as Hadoop's -text does.
    assertEquals(0, shell("-put", local("t-nosuffix", gz.toByteArray()).toString(), "/text/gzipped").status());
    assertEquals(lines, shell("-text", "/text/gzipped").out());
    java.io.ByteArrayOutputStream bz = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new BZip2Codec().createOutputStream(bz)) {
      o.write(utf8(lines));
    }
    assertEquals(0, shell("-put", local("t.bz2", bz.toByteArray()).toString(), "/text/t.bz2").status());
    assertEquals(lines, shell("-text", "/text/t.bz2").out());
    assertEquals(0, shell("-put", local("plain", utf8("as is\n")).toString(), "/text/plain").status());
    assertEquals("as is\n", shell("-text", "/text/plain").out());

    FileSystem fs = FileSystem.get(URI.create("qfs:///"), cluster.conf());
    StringBuilder expected = new StringBuilder();
    try (SequenceFile.Writer w = new SequenceFile.Writer(fs.create(new io.quern.fs.Path("/text/data.seq")), Text.class,
        IntWritable.class, SequenceFile.CompressionType.BLOCK, new DefaultCodec())) {
      for (int i = 0; i < 3000; i++) {
        w.append(new Text("k" + i), new IntWritable(i * 7));
        expected.append("k").append(i).append('\t').append(i * 7).append('\n');
      }
    }
    Result seq = shell("-text", "/text/data.seq");
    assertEquals(0, seq.status(), seq.err());
    assertTrue(expected.toString().equals(seq.out()), "the records as key TAB value lines");
    Result dir = shell("-text", "/text");
    assertEquals("-text: `/text': Is a directory\n", dir.err());
  }

  @Test
  void countGivesDirectoriesFilesAndBytes() throws Exception {
    assertEquals(0, shell("-mkdir", "-p", "/cnt/d1/d2").status());
    assertEquals(0, shell("-put", local("c1", new byte[1000]).toString(), "/cnt/f1").status());
    assertEquals(0, shell("-put", local("c2", new byte[234]).toString(), "/cnt/d1/d2/f2").status());
    assertEquals(String.format("%12d %12d %18d /cnt%n", 3, 2, 1234), shell("-count", "/cnt").out());
    assertEquals(String.format("%12d %12d %18d /cnt/f1%n", 0, 1, 1000), shell("-count", "/cnt/f1").out());
    assertEquals(String.format("%12s %15s %15s %15s %12d %12d %18d /cnt/d1%n", "none", "inf", "none", "inf", 2, 1, 234),
        shell("-count", "-q", "/cnt/d1").out());
    assertTrue(shell("-count", "-h", "/cnt").out().contains("1.2 KiB /cnt"), shell("-count", "-h", "/cnt").out());
    assertEquals(1, shell("-count", "/cnt/none").status());
  }

  @Test
  void testAnswersInTheExitStatusOnly() throws Exception {
    assertEquals(0, shell("-mkdir", "-p", "/tst/dir").status());
    assertEquals(0, shell("-touchz", "/tst/empty").status());
    assertEquals(0, shell("-put", local("tst", utf8("x")).toString(), "/tst/full").status());
    String[][] cases = {
        {"-e", "/tst/dir", "0"}, {"-e", "/tst/none", "1"}, {"-d", "/tst/dir", "0"}, {"-d", "/tst/full", "1"},
        {"-f", "/tst/full", "0"}, {"-f", "/tst/dir", "1"}, {"-z", "/tst/empty", "0"}, {"-z", "/tst/full", "1"},
        {"-s", "/tst/full", "0"}, {"-s", "/tst/empty", "1"}, {"-d", "/tst/none", "1"}};
    for (String[] c : cases) {
      Result r = shell("-test", c[0], c[1]);
      assertEquals(Integer.parseInt(c[2]), r.status(), "-test " + c[0] + " " + c[1]);
      assertEquals("", r.out() + r.err(), "-test prints nothing");
    }
    assertEquals(1, shell("-test", "-x", "/tst").status());
  }

  @Test
  void touchzMakesAnEmptyFileAndRefusesAFullOne() throws Exception {
    assertEquals(0, shell("-mkdir", "/tz").status());
    assertEquals(0, shell("-touchz", "/tz/a", "/tz/b").status());
    assertEquals("0\n", shell("-stat", "%b", "/tz/a").out());
    assertEquals(0, shell("-touchz", "/tz/a").status(), "an existing empty file is fine");
    assertEquals(0, shell("-put", local("tz", utf8("data")).toString(), "/tz/full").status());
    Result full = shell("-touchz", "/tz/full");
    assertEquals(1, full.status());
    assertEquals("-touchz: `/tz/full': Not a zero-length file\n", full.err());
    assertEquals("-touchz: `/tz/no/such': No such file or directory\n", shell("-touchz", "/tz/no/such").err());
  }

  @Test
  void putDashWritesStandardInput() throws Exception {
    byte[] data = new byte[2_500_000];
    new Random(9).nextBytes(data);
    assertEquals(0, shell("-mkdir", "/stdin").status());
    Result put = shellWithInput(data, "-put", "-", "/stdin/f");
    assertEquals(0, put.status(), put.err());
    java.nio.file.Path back = tmp.resolve("stdin-back");
    assertEquals(0, shell("-get", "/stdin/f", back.toString()).status());
    assertArrayEquals(data, Files.readAllBytes(back));

    Result again = shellWithInput(utf8("other\n"), "-put", "-", "/stdin/f");
    assertEquals("-put: `/stdin/f': File exists\n", again.err());
    Result forced = shellWithInput(utf8("other\n"), "-put", "-f", "-", "/stdin/f");
    assertEquals(0, forced.status(), forced.err());
    assertEquals("other\n", shell("-cat", "/stdin/f").out());
    Result dir = shellWithInput(utf8("x\n"), "-put", "-", "/stdin");
    assertEquals("-put: `/stdin': Is a directory\n", dir.err());
  }

  @Test
  void appendToFileAddsBlocksAfterTheLastOne() throws Exception {
    Random random = new Random(4);
    byte[] a = new byte[300_000];
    byte[] b = new byte[1_500_000];
    random.nextBytes(a);
    random.nextBytes(b);
    byte[] c = utf8("from standard input\n");
    assertEquals(0, shell("-mkdir", "/app").status());
    Result first = shell("-appendToFile", local("app-a", a).toString(), "/app/f");
    assertEquals(0, first.status(), first.err());
    Result more = shellWithInput(c, "-appendToFile", local("app-b", b).toString(), "-", "/app/f");
    assertEquals(0, more.status(), more.err());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(a);
    expected.write(b);
    expected.write(c);
    java.nio.file.Path back = tmp.resolve("app-back");
    assertEquals(0, shell("-get", "/app/f", back.toString()).status());
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(back));
    FileSystem fs = FileSystem.get(URI.create("qfs:///"), cluster.conf());
    BlockLocation[] blocks = fs.getFileBlockLocations(new io.quern.fs.Path("/app/f"), 0, Long.MAX_VALUE);
    // 300 000 bytes in the first block, then 1 MiB blocks for the rest: the first block stays short.
    assertEquals(3, blocks.length);
    assertEquals(300_000, blocks[0].getLength());
    assertEquals(300_000, blocks[1].getOffset());
    Result dir = shell("-appendToFile", local("app-c", c).toString(), "/app");
    assertEquals("-appendToFile: `/app': Is a directory\n", dir.err());
  }

  @Test
  void moveFromLocalAndCopyToLocal() throws Exception {
    java.nio.file.Path src = local("mv-src", utf8("moved\n"));
    assertEquals(0, shell("-moveFromLocal", src.toString(), "/moved").status());
    assertFalse(Files.exists(src), "the local source is gone");
    java.nio.file.Path copy = tmp.resolve("copied");
    assertEquals(0, shell("-copyToLocal", "/moved", copy.toString()).status());
    assertEquals("moved\n", Files.readString(copy));
  }

  @Test
  void dfReportsTheDataNodesRoom() throws Exception {
    Result df = shell("-df", "/");
    assertEquals(0, df.status(), df.err());
    String[] lines = df.out().split("\n");
    assertEquals(2, lines.length, df.out());
    assertTrue(lines[0].startsWith("Filesystem") && lines[0].endsWith("Use%"), lines[0]);
    String[] cols = lines[1].trim().split("\\s+");
    assertEquals("qfs://", cols[0]);
    long size = Long.parseLong(cols[1]);
    long used = Long.parseLong(cols[2]);
    long available = Long.parseLong(cols[3]);
    assertTrue(size > 0 && used >= 0 && available > 0 && available <= size, df.out());
    assertTrue(shell("-df", "-h", "/").out().contains("iB"), "-h prints units");
  }

  @Test
  void rmAcceptsSkipTrashAndForce() throws Exception {
    assertEquals(0, shell("-touchz", "/rm-me").status());
    Result rm = shell("-rm", "-skipTrash", "/rm-me");
    assertEquals(0, rm.status(), rm.err());
    assertEquals(1, shell("-test", "-e", "/rm-me").status());
    assertEquals(0, shell("-rm", "-f", "/never-was").status());
    assertEquals(1, shell("-rm", "/never-was").status());
  }

  @Test
  void hdfsUrisReachTheDfs() throws Exception {
    assertEquals(0, shell("-put", local("h", utf8("via hdfs\n")).toString(), "hdfs:///hd/file").status());
    assertEquals("via hdfs\n", shell("-cat", "qfs:///hd/file").out());
    assertEquals("via hdfs\n", shell("-cat", "hdfs://namenode:8020/hd/file").out());
    Result ls = shell("-ls", "hdfs:///hd");
    assertTrue(ls.out().contains("/hd/file"), ls.out());
  }
}
