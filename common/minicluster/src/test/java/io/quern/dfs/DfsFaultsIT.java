package io.quern.dfs;

import static io.quern.dfs.DfsReadWriteIT.data;
import static io.quern.dfs.DfsReadWriteIT.read;
import static io.quern.dfs.DfsReadWriteIT.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.datanode.DataNode;
import io.quern.fs.DistributedFileSystem;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.Path;
import io.quern.minicluster.MiniDfsCluster;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures on a live cluster: one fresh cluster per test. */
class DfsFaultsIT {
  static final int MB = 1 << 20;
  @TempDir
  java.nio.file.Path tmp;
  MiniDfsCluster cluster;
  DistributedFileSystem fs;

  @AfterEach
  void stop() throws Exception {
    if (fs != null) {
      fs.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(int datanodes) throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(datanodes).start();
    fs = cluster.newFileSystem();
  }

  private List<LocatedBlock> blocks(String path) {
    try {
      return cluster.namesystem().getBlockLocations(null, path, 0, Long.MAX_VALUE, "test").blocks();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean fullyReplicated(String path, int replication) {
    return blocks(path).stream().allMatch(b -> b.locations().size() == replication);
  }

  private DataNode datanode(String id) {
    return cluster.datanodes().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void lostDatanodeReadsGoOnAndBlocksAreReReplicated() throws Exception {
    start(4);
    byte[] b = data(3 * MB + 5, 1);
    write(fs, new Path("/f"), b);
    String victim = blocks("/f").get(0).locations().get(0).id();
    datanode(victim).close();
    assertArrayEquals(b, read(fs, new Path("/f")), "read fails over to other replicas");
    Wait.until("3 live replicas again without " + victim, Duration.ofMillis(20_000), () -> fullyReplicated("/f", 3)
        && blocks("/f").stream().noneMatch(x -> x.locations().stream().anyMatch(d -> d.id().equals(victim))));
    assertArrayEquals(b, read(fs, new Path("/f")));
  }

  @Test
  void flippedByteIsDetectedAndTheReplicaReplaced() throws Exception {
    start(3);
    byte[] b = data(MB + 100, 2);
    write(fs, new Path("/f"), b);
    // Replicas as ordered for this test's reader (the client runs on 127.0.0.1, a DataNode host).
    LocatedBlock first = cluster.namesystem().getBlockLocations(null, "/f", 0, Long.MAX_VALUE, "127.0.0.1")
        .blocks().get(0);
    DatanodeRef nearest = first.locations().get(0);
    DataNode bad = datanode(nearest.id());
    try (RandomAccessFile raf = new RandomAccessFile(bad.store().dataFile(first.blockId()), "rw")) {
      raf.seek(1000);
      int v = raf.read();
      raf.seek(1000);
      raf.write(v ^ 0xff);
    }
    assertEquals("127.0.0.1", nearest.host(), "a reader on 127.0.0.1 starts at the corrupted replica");
    assertArrayEquals(b, read(fs, new Path("/f")), "the read is served from a good replica");
    Wait.until("the corrupt replica replaced by a good copy", Duration.ofMillis(20_000), () -> {
      try {
        return fullyReplicated("/f", 3) && bad.store().verify(first.blockId());
      } catch (IOException notThereYet) {
        return false;
      }
    });
    assertArrayEquals(b, read(fs, new Path("/f")));
  }

  @Test
  void blockScannerFindsCorruptionNobodyRead() throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(0).start();
    Configuration scanning = new Configuration(cluster.conf());
    scanning.set("dfs.datanode.scan.period", "300ms");
    for (int i = 1; i <= 3; i++) {
      cluster.startDataNode(i, new Configuration(scanning));
    }
    Wait.until("DataNodes registered", Duration.ofMillis(10_000), () -> cluster.namesystem().datanodes().datanodeReport().size() == 3);
    fs = cluster.newFileSystem();
    byte[] b = data(1000, 3);
    write(fs, new Path("/f"), b);
    LocatedBlock blk = blocks("/f").get(0);
    DataNode victim = datanode(blk.locations().get(1).id());
    try (RandomAccessFile raf = new RandomAccessFile(victim.store().dataFile(blk.blockId()), "rw")) {
      raf.seek(10);
      raf.write(raf.read() ^ 1);
    }
    Wait.until("the scanner's report and a fresh copy", Duration.ofMillis(20_000), () -> {
      try {
        return fullyReplicated("/f", 3) && victim.store().verify(blk.blockId());
      } catch (IOException notThereYet) {
        return false;
      }
    });
  }

  @Test
  void namenodeRestartLosesNoAcknowledgedChange() throws Exception {
    start(3);
    byte[] b = data(2 * MB + 3, 4);
    write(fs, new Path("/keep/f"), b);
    fs.mkdirs(new Path("/keep/dir"));
    fs.rename(new Path("/keep/f"), new Path("/keep/g"));
    cluster.namesystem().checkpoint();
    fs.delete(new Path("/keep/dir"), true);
    write(fs, new Path("/keep/after-checkpoint"), data(10, 5));
    cluster.restartNameNode();
    Wait.until("safe mode left after block reports", Duration.ofMillis(15_000), () -> !cluster.namesystem().inSafeMode());
    assertArrayEquals(b, read(fs, new Path("/keep/g")));
    assertFalse(fs.exists(new Path("/keep/f")));
    assertFalse(fs.exists(new Path("/keep/dir")));
    assertEquals(10, fs.getFileStatus(new Path("/keep/after-checkpoint")).getLen());
    write(fs, new Path("/keep/new"), data(5, 6));
    assertEquals(5, fs.getFileStatus(new Path("/keep/new")).getLen());
  }

  @Test
  void deadWriterFileEndsAtItsLastCompleteBlock() throws Exception {
    start(3);
    DistributedFileSystem writer = cluster.newFileSystem();
    byte[] b = data(MB + MB / 2, 7);
    FSDataOutputStream out = writer.create(new Path("/w"), true);
    out.write(b);
    out.flush();
    // Block 1 is complete; half of block 2 sits on the DataNodes, unfinalized. Then the writer "dies".
    writer.getClient().abort();
    Wait.until("lease recovery", Duration.ofMillis(15_000), () -> {
      try {
        return !fs.getFileStatus(new Path("/w")).isDirectory()
            && !cluster.namesystem().getFileInfo(null, "/w").underConstruction();
      } catch (IOException e) {
        return false;
      }
    });
    assertEquals(MB, fs.getFileStatus(new Path("/w")).getLen());
    assertArrayEquals(Arrays.copyOf(b, MB), read(fs, new Path("/w")));
  }

  @Test
  void datanodeDyingMidWriteIsDroppedFromThePipeline() throws Exception {
    start(4);
    byte[] b = data(3 * MB, 8);
    try (FSDataOutputStream out = fs.create(new Path("/p"), true)) {
      out.write(b, 0, MB + MB / 4);
      // The first block is committed once the second one starts, and its replicas are reported
      // in the background; kill a node of its pipeline, which is the second block's too.
      Wait.until("the first block's replicas reported", Duration.ofMillis(10_000), () -> blocks("/p").get(0).locations().size() == 3);
      String victim = blocks("/p").get(0).locations().get(1).id();
      datanode(victim).close();
      out.write(b, MB + MB / 4, b.length - (MB + MB / 4));
    }
    assertArrayEquals(b, read(fs, new Path("/p")));
    Wait.until("re-replication to 3", Duration.ofMillis(20_000), () -> fullyReplicated("/p", 3));
  }

  /**
   * A small file goes down the pipeline as one whole-block chunk that each node finalizes at
   * once. When a middle node is dead, the first node has already finalized its replica; the
   * writer resends to the survivors, the first node takes the same bytes again, and close works.
   */
  @Test
  void smallFileSurvivesAPipelineNodeDyingBeforeItsOnlyChunk() throws Exception {
    start(4);
    byte[] b = data(1000, 11);
    FSDataOutputStream out = fs.create(new Path("/small"), true);
    // The same client repeating its create is answered the block allocated with the file.
    LocatedBlock first = cluster.namesystem().create(new CreateRequest("/small",
        fs.getClient().clientName(), fs.getClient().user(), true, 0, 0), "127.0.0.1").firstBlock();
    assertEquals(3, first.locations().size());
    datanode(first.locations().get(1).id()).close();
    out.write(b);
    out.close();
    assertArrayEquals(b, read(fs, new Path("/small")));
    assertEquals(first.blockId(), blocks("/small").get(0).blockId());
    Wait.until("re-replication to 3", Duration.ofMillis(20_000), () -> fullyReplicated("/small", 3));
    assertArrayEquals(b, read(fs, new Path("/small")));
  }

  /**
   * A DataNode whose disk hangs mid-block, the last of the pipeline: the node before it gives up
   * on it before the writer's own call to the first node times out, and names it in its ack, so
   * the writer drops exactly the hung node and the block ends on the two healthy ones.
   */
  @Test
  void hungLastDatanodeIsTheOneDroppedFromThePipeline() throws Exception {
    hungDatanodeIsTheOneDropped(2);
  }

  /** The same with the middle node hung: the first node names it. */
  @Test
  void hungMiddleDatanodeIsTheOneDroppedFromThePipeline() throws Exception {
    hungDatanodeIsTheOneDropped(1);
  }

  private void hungDatanodeIsTheOneDropped(int hungAt) throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(3)
        .set("quern.rpc.read.timeout", "6s")
        // No copies ordered by the NameNode: the block's locations are what the write left.
        .set("dfs.namenode.replication.interval", "1h")
        .start();
    fs = cluster.newFileSystem();
    int chunk = 256 * 1024; // dfs.client.transfer.chunk.size of the mini cluster
    byte[] b = data(MB, 12);
    FSDataOutputStream out = fs.create(new Path("/hung"), true);
    // The same client repeating its create is answered the block allocated with the file.
    LocatedBlock blk = cluster.namesystem().create(new CreateRequest("/hung",
        fs.getClient().clientName(), fs.getClient().user(), true, 0, 0), "127.0.0.1").firstBlock();
    List<DatanodeRef> pipeline = blk.locations();
    assertEquals(3, pipeline.size());
    DatanodeRef hung = pipeline.get(hungAt);
    out.write(b, 0, chunk);
    Wait.until("the first chunk on " + hung.id(), Duration.ofMillis(10_000),
        () -> replicaBeingWritten(hung, blk.blockId()) != null);
    try (HungDisk disk = HungDisk.at(replicaBeingWritten(hung, blk.blockId()))) {
      out.write(b, chunk, b.length - chunk);
      out.close();
      assertArrayEquals(b, read(fs, new Path("/hung")));
      Set<String> healthy = new HashSet<>();
      pipeline.stream().filter(d -> !d.id().equals(hung.id())).forEach(d -> healthy.add(d.id()));
      // Only a write that kept both healthy nodes leaves a replica on each (no copies are made).
      Wait.until("replicas on " + healthy + " only, not on the hung " + hung.id(), Duration.ofMillis(10_000),
          () -> healthy.equals(locationIds("/hung")));
    }
  }

  private Set<String> locationIds(String path) {
    Set<String> ids = new HashSet<>();
    blocks(path).get(0).locations().forEach(d -> ids.add(d.id()));
    return ids;
  }

  /** The data file of a replica that {@code node} holds, being written, with one chunk at least; null if none. */
  private java.nio.file.Path replicaBeingWritten(DatanodeRef node, long blockId) {
    // MiniDfsCluster: DataNode i is on 127.0.0.i with data dirs data-ia and data-ib.
    String i = node.host().substring(node.host().lastIndexOf('.') + 1);
    for (String dir : List.of("a", "b")) {
      java.nio.file.Path p = tmp.resolve("data-" + i + dir).resolve("rbw").resolve("blk_" + blockId);
      try {
        if (Files.size(p) >= 256 * 1024) {
          return p;
        }
      } catch (IOException notThere) {
        // the other directory, or not yet
      }
    }
    return null;
  }

  @Test
  void rackAwarePlacementOnTwoRacks() throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(4).racks("/r1", "/r1", "/r2", "/r2").start();
    fs = cluster.newFileSystem();
    write(fs, new Path("/racks"), data(3 * MB, 11));
    for (io.quern.fs.BlockLocation b : fs.getFileBlockLocations(fs.getFileStatus(new Path("/racks")), 0, 3 * MB)) {
      List<String> paths = List.of(b.getTopologyPaths());
      assertEquals(3, paths.size());
      assertTrue(paths.get(0).startsWith("/r1/127.0.0.1:"), "nearest, and the writer's own node: " + paths);
      assertEquals(2, paths.stream().filter(p -> p.startsWith("/r2/")).count(), "two on the other rack: " + paths);
    }
  }

  @Test
  void decommissionDrainsADataNode() throws Exception {
    start(4);
    byte[] b = data(2 * MB + 1, 10);
    write(fs, new Path("/d"), b);
    String leaving = blocks("/d").get(0).locations().get(0).id();
    assertEquals(List.of(leaving), cluster.namesystem().datanodes().decommission(leaving));
    Wait.until("the node drained", Duration.ofMillis(20_000), () -> cluster.namesystem().datanodes().datanodeReport().stream()
        .anyMatch(d -> d.id().equals(leaving) && d.adminState() == io.quern.protocol.dfs.AdminState.DECOMMISSIONED));
    assertTrue(blocks("/d").stream().allMatch(x -> x.locations().stream().filter(d -> !d.id().equals(leaving))
        .count() >= 3), "every block has 3 replicas besides the leaving node");
    datanode(leaving).close();
    assertArrayEquals(b, read(fs, new Path("/d")));
  }

  @Test
  void fullDiskFailsItsWritesAndThePipelineGoesOn() throws Exception {
    cluster = MiniDfsCluster.builder(tmp).dataNodes(3).start();
    Configuration small = new Configuration(cluster.conf());
    small.set("dfs.datanode.capacity", String.valueOf(MB + MB / 2));
    // Keep advertising the start-up space, so that the NameNode keeps choosing it.
    small.set("quern.resources.refresh.interval", "1h");
    DataNode tiny = cluster.startDataNode(4, small);
    Wait.until("4 DataNodes", Duration.ofMillis(10_000), () -> cluster.namesystem().datanodes().datanodeReport().size() == 4);
    fs = cluster.newFileSystem();
    byte[] b = data(3 * MB, 9);
    try (FSDataOutputStream out = fs.create(new Path("/big"), true, 4096, (short) 4, MB)) {
      out.write(b);
    }
    assertArrayEquals(b, read(fs, new Path("/big")));
    assertTrue(blocks("/big").stream().anyMatch(x -> x.locations().stream().noneMatch(d -> d.id().equals(tiny.id()))),
        "some block could not be stored on the full DataNode");
    assertTrue(tiny.store().used() <= MB + MB / 2);
  }
}
