package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.ChunkChecksums;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.WriteAck;
import io.quern.protocol.dfs.WriteChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three DataNodes' transfer logic wired together in memory, without RMI. */
class BlockTransferTest {
  static final int BPC = 64 * 1024;
  @TempDir
  Path tmp;
  final Map<String, BlockStore> stores = new HashMap<>();
  final Map<String, BlockTransferProtocol> nodes = new HashMap<>();
  final List<DatanodeRef> refs = List.of(ref("a"), ref("b"), ref("c"));

  static DatanodeRef ref(String id) {
    return new DatanodeRef(id, id, 1, "/r");
  }

  BlockTransferProtocol peer(DatanodeRef r) {
    BlockTransferProtocol p = nodes.get(r.id());
    if (p == null) {
      return new DeadNode();
    }
    return p;
  }

  @BeforeEach
  void setUp() throws Exception {
    wire(Runnable::run, 60_000);
  }

  /** Each node forwards on {@code forwarders}; {@code readTimeoutMs}: how long any caller waits for a node. */
  private void wire(Executor forwarders, long readTimeoutMs) throws IOException {
    for (DatanodeRef r : refs) {
      BlockStore s = new BlockStore(List.of(tmp.resolve(r.id())), 0, 0);
      stores.put(r.id(), s);
      nodes.put(r.id(), new BlockTransfer(r.id(), s, this::peer, new ReportQueue(r.id(), () -> null), forwarders,
          io.quern.security.BlockTokens.of(io.quern.security.ClusterCredentials.disabled(), 60_000),
          refs::contains, null, readTimeoutMs));
    }
  }

  @Test
  void chunkTravelsDownThePipeline() throws Exception {
    byte[] b = BlockStoreTest.data(BPC + 1, 1);
    WriteAck ack = nodes.get("a").writeChunk(new WriteChunk(1, 0, b, ChunkChecksums.compute(b, 0, b.length, BPC), BPC,
        refs.subList(1, 3)));
    assertTrue(ack.failed().isEmpty());
    assertTrue(nodes.get("a").finalizeBlock(1, b.length, List.copyOf(refs.subList(1, 3)), null, 0).failed().isEmpty());
    for (BlockStore s : stores.values()) {
      assertArrayEquals(b, BlockStoreTest.readAll(s, 1));
    }
  }

  /** A whole-block chunk is written and finalized on every node in the one call. */
  @Test
  void wholeBlockChunkIsFinalizedDownThePipeline() throws Exception {
    byte[] b = BlockStoreTest.data(1024, 4);
    WriteChunk whole = new WriteChunk(7, 0, b, ChunkChecksums.compute(b, 0, b.length, BPC), BPC,
        refs.subList(1, 3), true);
    assertTrue(nodes.get("a").writeChunk(whole).failed().isEmpty());
    for (BlockStore s : stores.values()) {
      assertEquals(List.of(7L), s.finalizedIds());
      assertArrayEquals(b, BlockStoreTest.readAll(s, 7));
    }
    // The writer resends it after a lost ack: the finalized replicas take it again unchanged.
    assertTrue(nodes.get("b").writeChunk(new WriteChunk(7, 0, b, whole.checksums(), BPC, refs.subList(2, 3), true))
        .failed().isEmpty());
    assertArrayEquals(b, BlockStoreTest.readAll(stores.get("c"), 7));
    // Other bytes for the same block are refused: a finalized replica never changes.
    byte[] other = BlockStoreTest.data(1024, 5);
    assertThrows(IOException.class, () -> nodes.get("c").writeChunk(new WriteChunk(7, 0, other,
        ChunkChecksums.compute(other, 0, other.length, BPC), BPC, List.of(), true)));
    assertArrayEquals(b, BlockStoreTest.readAll(stores.get("c"), 7));
  }

  /**
   * The last chunk of a block of several finalizes it on every node in its call. A writer that
   * then recovers its pipeline cuts the survivors back and resends: replicas finalized already
   * keep their bytes and take the resent chunks again unchanged, and refuse other bytes.
   */
  @Test
  void lastChunkOfALongerBlockFinalizesItAndSurvivorsTakeTheResend() throws Exception {
    byte[] head = BlockStoreTest.data(2 * BPC, 6);
    byte[] tail = BlockStoreTest.data(BPC / 2, 7);
    long[] headSums = ChunkChecksums.compute(head, 0, head.length, BPC);
    long[] tailSums = ChunkChecksums.compute(tail, 0, tail.length, BPC);
    assertTrue(nodes.get("a").writeChunk(new WriteChunk(9, 0, head, headSums, BPC, refs.subList(1, 3)))
        .failed().isEmpty());
    assertTrue(stores.get("c").finalizedIds().isEmpty());
    assertTrue(nodes.get("a").writeChunk(new WriteChunk(9, head.length, tail, tailSums, BPC, refs.subList(1, 3), true))
        .failed().isEmpty());
    byte[] all = java.nio.ByteBuffer.allocate(head.length + tail.length).put(head).put(tail).array();
    for (BlockStore s : stores.values()) {
      assertEquals(List.of(9L), s.finalizedIds());
      assertArrayEquals(all, BlockStoreTest.readAll(s, 9));
    }
    // Recovery as the writer does it: cut back to the length acknowledged before, resend from there.
    nodes.get("b").truncateReplica(9, BPC, null);
    assertTrue(nodes.get("b").writeChunk(new WriteChunk(9, BPC, java.util.Arrays.copyOfRange(head, BPC, head.length),
        java.util.Arrays.copyOfRange(headSums, 1, 2), BPC, refs.subList(2, 3))).failed().isEmpty());
    assertTrue(nodes.get("b").writeChunk(new WriteChunk(9, head.length, tail, tailSums, BPC, refs.subList(2, 3), true))
        .failed().isEmpty());
    for (BlockStore s : stores.values()) {
      assertArrayEquals(all, BlockStoreTest.readAll(s, 9));
    }
    byte[] other = BlockStoreTest.data(BPC / 2, 8);
    assertThrows(IOException.class, () -> nodes.get("c").writeChunk(new WriteChunk(9, head.length, other,
        ChunkChecksums.compute(other, 0, other.length, BPC), BPC, List.of(), true)));
    assertThrows(IOException.class, () -> nodes.get("c").writeChunk(new WriteChunk(9, 0, other,
        ChunkChecksums.compute(other, 0, other.length, BPC), BPC, List.of())));
    assertArrayEquals(all, BlockStoreTest.readAll(stores.get("c"), 9));
  }

  @Test
  void deadDownstreamNodeIsNamedInTheAck() throws Exception {
    nodes.remove("b");
    byte[] b = BlockStoreTest.data(100, 2);
    WriteAck ack = nodes.get("a").writeChunk(new WriteChunk(1, 0, b, ChunkChecksums.compute(b, 0, b.length, BPC), BPC,
        refs.subList(1, 3)));
    assertEquals(List.of("b"), ack.failed());
  }

  /**
   * The last node hangs (its host cut off): the middle node gives up on it first and names it, and
   * the first node passes that up unchanged, all before the writer's own wait is over. Were the
   * waits equal, the first node would give up on the healthy middle one, or the writer on the
   * first.
   */
  @Test
  void hungLastNodeIsNamedBeforeTheWriterGivesUp() throws Exception {
    ExecutorService forwarders = Executors.newCachedThreadPool();
    CountDownLatch cut = new CountDownLatch(1);
    try {
      wire(forwarders, 60_000);
      nodes.put("c", new HungNode(cut));
      byte[] b = BlockStoreTest.data(100, 6);
      long writerWaitMs = 3_000; // the first node waits 2 s for the middle one, which waits 1 s for the last
      long start = System.nanoTime();
      WriteAck ack = nodes.get("a").writeChunk(new WriteChunk(1, 0, b, ChunkChecksums.compute(b, 0, b.length, BPC),
          BPC, refs.subList(1, 3), false, null, writerWaitMs));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(List.of("c"), ack.failed());
      assertTrue(tookMs < writerWaitMs, "answered in " + tookMs + " ms, within the writer's wait");
      // The healthy nodes hold the chunk: the writer keeps them and finalizes there.
      assertTrue(nodes.get("a").finalizeBlock(1, b.length, List.copyOf(refs.subList(1, 2)), null, writerWaitMs)
          .failed().isEmpty());
      assertArrayEquals(b, BlockStoreTest.readAll(stores.get("a"), 1));
      assertArrayEquals(b, BlockStoreTest.readAll(stores.get("b"), 1));
    } finally {
      cut.countDown();
      forwarders.shutdownNow();
    }
  }

  /** The middle node hangs: the first node names it. */
  @Test
  void hungMiddleNodeIsNamedByTheFirst() throws Exception {
    ExecutorService forwarders = Executors.newCachedThreadPool();
    CountDownLatch cut = new CountDownLatch(1);
    try {
      wire(forwarders, 1_500); // nothing said by the caller: the node's own read timeout is the caller's wait
      nodes.put("b", new HungNode(cut));
      byte[] b = BlockStoreTest.data(100, 7);
      WriteAck ack = nodes.get("a").writeChunk(new WriteChunk(1, 0, b, ChunkChecksums.compute(b, 0, b.length, BPC),
          BPC, refs.subList(1, 3)));
      assertEquals(List.of("b"), ack.failed());
    } finally {
      cut.countDown();
      forwarders.shutdownNow();
    }
  }

  @Test
  void replicatorCopiesAFinalizedReplica() throws Exception {
    byte[] b = BlockStoreTest.data(3 * BPC + 9, 3);
    BlockStoreTest.writeAll(stores.get("a"), 5, b, BPC);
    stores.get("a").finalizeReplica(5, b.length);
    new Replicator("a", stores.get("a"), this::peer, new ReportQueue("a", () -> null), 2 * BPC)
        .replicate(5, List.copyOf(refs.subList(1, 3)));
    assertArrayEquals(b, BlockStoreTest.readAll(stores.get("b"), 5));
    assertArrayEquals(b, BlockStoreTest.readAll(stores.get("c"), 5));
  }

  /** What a stub of a DataNode whose host is cut off does: every call waits until the test ends. */
  private static final class HungNode implements BlockTransferProtocol {
    private final CountDownLatch cut;

    HungNode(CountDownLatch cut) {
      this.cut = cut;
    }

    private <T> T hang() throws IOException {
      try {
        cut.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Read timed out");
    }

    public WriteAck writeChunk(WriteChunk c) throws IOException {
      return hang();
    }

    public WriteAck finalizeBlock(long id, long len, List<DatanodeRef> d, byte[] token, long waitMs) throws IOException {
      return hang();
    }

    public void truncateReplica(long id, long len, byte[] token) throws IOException {
      hang();
    }

    public io.quern.protocol.dfs.ReadChunk readChunk(long id, long off, int len, byte[] token) throws IOException {
      return hang();
    }

    public io.quern.protocol.dfs.LocalReadGrant requestLocalRead(long id, byte[] token) throws IOException {
      return hang();
    }
  }

  /** What a stub of a crashed DataNode does: every call fails. */
  private static final class DeadNode implements BlockTransferProtocol {
    public WriteAck writeChunk(WriteChunk c) throws IOException {
      throw new IOException("connection refused");
    }

    public WriteAck finalizeBlock(long id, long len, List<DatanodeRef> d, byte[] token, long waitMs) throws IOException {
      throw new IOException("connection refused");
    }

    public void truncateReplica(long id, long len, byte[] token) throws IOException {
      throw new IOException("connection refused");
    }

    public io.quern.protocol.dfs.ReadChunk readChunk(long id, long off, int len, byte[] token) throws IOException {
      throw new IOException("connection refused");
    }

    public io.quern.protocol.dfs.LocalReadGrant requestLocalRead(long id, byte[] token) throws IOException {
      throw new IOException("connection refused");
    }
  }
}
