package io.quern.dfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.datanode.DataNode;
import io.quern.fs.DatanodeStubs;
import io.quern.fs.DistributedFileSystem;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocalReadGrant;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.ShortCircuitWire;
import io.quern.testutil.Wait;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short-circuit reads on an in-JVM DFS (3 DataNodes on 127.0.0.1-3, 1 MiB blocks, 256 KiB
 * chunks): the test's client runs on 127.0.0.1, the host of DataNode 1, which holds a replica of
 * every block. Bytes read must equal bytes written whichever path serves them, through deletes,
 * corruption and a DataNode restart.
 */
class ShortCircuitReadIT {
  static final int MB = 1 << 20;
  @TempDir
  java.nio.file.Path tmp;
  MiniDfsCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(3).start();
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  DistributedFileSystem client(Consumer<Configuration> customize) throws IOException {
    Configuration c = new Configuration(cluster.conf());
    customize.accept(c);
    return (DistributedFileSystem) FileSystem.newInstance(URI.create("qfs:///"), c);
  }

  static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  Path write(String name, byte[] b) throws IOException {
    Path p = new Path(name);
    try (DistributedFileSystem fs = client(c -> { }); var out = fs.create(p, true)) {
      out.write(b);
    }
    return p;
  }

  static long shortCircuitBytes(DistributedFileSystem fs) {
    return fs.getClient().readStatistics().getTotalShortCircuitBytesRead();
  }

  List<LocatedBlock> blocks(String path) throws IOException {
    return cluster.namesystem().getBlockLocations(null, path, 0, Long.MAX_VALUE, "127.0.0.1").blocks();
  }

  DataNode datanode1() {
    return cluster.datanodes().stream().filter(d -> d.endpoint().host().equals("127.0.0.1")).findFirst().orElseThrow();
  }

  @Test
  void filesOfSeveralBlocksReadBackEqualLocallyAndRemotely() throws Exception {
    byte[] b = data(3 * MB + MB / 2 + 7, 1);
    Path p = write("/sc/multi", b);
    try (DistributedFileSystem local = client(c -> { })) {
      assertArrayEquals(b, local.open(p).readAllBytes());
      assertEquals(b.length, shortCircuitBytes(local), "every byte came short-circuit");
      try (FSDataInputStream in = local.open(p)) {
        in.seek(MB + 12_345); // inside block 2, off a checksum piece
        assertArrayEquals(Arrays.copyOfRange(b, MB + 12_345, 2 * MB + 99), in.readNBytes(MB - 12_345 + 99));
      }
    }
    try (DistributedFileSystem off = client(c -> c.setBoolean("dfs.client.read.shortcircuit", false))) {
      assertArrayEquals(b, off.open(p).readAllBytes());
      assertEquals(0, shortCircuitBytes(off));
    }
    try (DistributedFileSystem remote = client(c -> c.set("quern.daemon.host", "127.0.0.9"))) {
      assertArrayEquals(b, remote.open(p).readAllBytes());
      assertEquals(0, shortCircuitBytes(remote), "no DataNode on the reader's host");
    }
  }

  @Test
  void replicasDeletedUnderTheReaderAreReadFromTheOpenStreamThenFromOtherReplicas() throws Exception {
    byte[] b = data(3 * MB + 100, 2);
    Path p = write("/sc/deleted", b);
    try (DistributedFileSystem fs = client(c -> { }); FSDataInputStream in = fs.open(p)) {
      byte[] head = in.readNBytes(MB / 4);
      // DataNode 1 loses every replica of the file, the one being streamed included.
      for (LocatedBlock lb : blocks("/sc/deleted")) {
        assertTrue(datanode1().store().delete(lb.blockId()));
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(head);
      all.write(in.readAllBytes());
      assertArrayEquals(b, all.toByteArray());
      assertEquals(MB, shortCircuitBytes(fs), "the first block from its open stream, the others over RPC");
    }
  }

  @Test
  void aCorruptLocalReplicaIsReportedAndReadFromAnother() throws Exception {
    byte[] b = data(2 * MB + 5, 3);
    Path p = write("/sc/corrupt", b);
    LocatedBlock second = blocks("/sc/corrupt").get(1);
    DataNode bad = datanode1();
    try (RandomAccessFile raf = new RandomAccessFile(bad.store().dataFile(second.blockId()), "rw")) {
      raf.seek(300_000); // in its second chunk
      int v = raf.read();
      raf.seek(300_000);
      raf.write(v ^ 0xff);
    }
    try (DistributedFileSystem fs = client(c -> { })) {
      assertArrayEquals(b, fs.open(p).readAllBytes());
      long sc = shortCircuitBytes(fs);
      assertTrue(sc >= MB + 256 * 1024 && sc < b.length, "block 1 and the good chunk of block 2 came short-circuit: " + sc);
    }
    // Reported: the NameNode has the bad replica replaced by a good copy.
    Wait.until("the corrupt replica replaced", Duration.ofSeconds(20), () -> {
      try {
        return bad.store().verify(second.blockId()) && blocks("/sc/corrupt").get(1).locations().size() == 3;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  @Test
  void aDataNodeRestartedMidReadIsReadThroughAndThenServesShortCircuitAgain() throws Exception {
    // Blocks of 8 MiB: more than the socket holds in flight, so the restart cuts the stream short.
    byte[] b = data(8 * MB + 3, 4);
    Path p = new Path("/sc/restart");
    try (DistributedFileSystem fs = client(c -> { }); var out = fs.create(p, true, 4096, (short) 3, 8L * MB)) {
      out.write(b);
    }
    try (DistributedFileSystem fs = client(c -> { }); FSDataInputStream in = fs.open(p)) {
      byte[] head = in.readNBytes(MB / 2);
      DataNode old = datanode1();
      cluster.stopDataNode(old);
      cluster.startDataNode(1);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(head);
      all.write(in.readAllBytes());
      assertArrayEquals(b, all.toByteArray());
      assertTrue(shortCircuitBytes(fs) < 8 * MB, "the rest of the first block came over RPC: " + shortCircuitBytes(fs));
    }
    Wait.until("a fresh read all short-circuit from the restarted DataNode", Duration.ofSeconds(30), () -> {
      try (DistributedFileSystem fs = client(c -> { })) {
        return Arrays.equals(b, fs.open(p).readAllBytes()) && shortCircuitBytes(fs) == b.length;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void theSecretOfOneBlockOpensNoOtherOnTheRealSocket() throws Exception {
    write("/sc/a", data(1000, 5));
    write("/sc/b", data(1000, 6));
    LocatedBlock a = blocks("/sc/a").get(0);
    LocatedBlock b = blocks("/sc/b").get(0);
    DatanodeRef dn1 = a.locations().stream().filter(d -> d.host().equals("127.0.0.1")).findFirst().orElseThrow();
    LocalReadGrant forA = new DatanodeStubs(cluster.conf()).get(dn1).requestLocalRead(a.blockId(), a.accessToken());
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(forA.socketPath()))) {
      c.write(ShortCircuitWire.request(forA.secret(), b.blockId(), 0, 1000));
      DataInputStream in = new DataInputStream(Channels.newInputStream(c));
      assertEquals(ShortCircuitWire.REFUSED, in.readByte());
      byte[] text = new byte[in.readUnsignedShort()];
      in.readFully(text);
      assertEquals("The short-circuit read secret is for blk_" + a.blockId() + ", not blk_" + b.blockId() + ".",
          new String(text, StandardCharsets.UTF_8));
      assertEquals(-1, in.read(), "nothing after the refusal");
    }
  }
}
