package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.ChunkChecksums;
import io.quern.protocol.dfs.AccessControlException;
import io.quern.protocol.dfs.LocalReadGrant;
import io.quern.protocol.dfs.ShortCircuitWire;
import io.quern.rpc.CallContextTesting;
import io.quern.security.BlockTokens;
import io.quern.security.ClusterCredentials;
import io.quern.testutil.Wait;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short-circuit reads on a real UNIX socket over a real block store, with real block tokens: what
 * a grant opens, what it does not, and what garbage, idle and surplus connections get.
 */
@Timeout(60)
class LocalReadServerTest {
  static final int BPC = BlockStoreTest.BPC;
  @TempDir
  Path tmp;
  final AtomicLong now = new AtomicLong(1_000_000);
  final byte[] a = BlockStoreTest.data(3 * BPC + 100, 1);
  final byte[] b = BlockStoreTest.data(2 * BPC, 2);
  BlockStore store;
  LocalReadServer server;
  BlockTokens tokens;
  BlockTransfer transfer;

  @BeforeEach
  void setUp() throws Exception {
    store = new BlockStore(List.of(tmp.resolve("data")), 0, 0);
    BlockStoreTest.writeAll(store, 1, a, BPC);
    store.finalizeReplica(1, a.length);
    BlockStoreTest.writeAll(store, 2, b, BPC);
    store.finalizeReplica(2, b.length);
    server = LocalReadServer.start(tmp.resolve("sockets").resolve("dn.sock"), store, 2, now::get);
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    tokens = BlockTokens.of(ClusterCredentials.ofSecret(secret, false), 3_600_000);
    transfer = new BlockTransfer("dn", store, r -> null, new ReportQueue("dn", () -> null), Runnable::run, tokens,
        r -> true, server, 60_000);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  byte[] token(long block, String user) {
    return tokens.issue(block, user, BlockTokens.Access.READ, System.currentTimeMillis());
  }

  LocalReadGrant grantAsTask(long block, byte[] token) throws Exception {
    return CallContextTesting.asJob("job_1", "alice", () -> transfer.requestLocalRead(block, token));
  }

  @Test
  void aGrantStreamsTheReplicaFromTheChecksumPieceOfTheOffsetWithItsChecksums() throws Exception {
    LocalReadGrant g = grantAsTask(1, token(1, "alice"));
    assertEquals(a.length, g.length());
    assertEquals(server.path().toString(), g.socketPath());
    Answer r = ask(g.secret(), 1, BPC + 5, a.length - BPC - 5);
    assertNull(r.refusal());
    assertEquals(BPC, r.start());
    assertEquals(a.length, r.end());
    assertArrayEquals(Arrays.copyOfRange(a, BPC, a.length), r.data());
    assertEquals(-1, ChunkChecksums.firstMismatch(r.data(), r.sums(), r.bpc()));
  }

  @Test
  void aTaskWithoutAValidTokenForTheBlockGetsNoGrant() {
    assertThrows(AccessControlException.class, () -> grantAsTask(1, null));
    assertThrows(AccessControlException.class, () -> grantAsTask(1, token(2, "alice")));
    assertThrows(AccessControlException.class, () -> grantAsTask(1, token(1, "bob")));
    assertEquals(0, new LocalReadGrants(now::get).outstanding());
  }

  @Test
  void aSecretOpensOnlyItsBlockOnlyOnceAndOnlyWhileFresh() throws Exception {
    LocalReadGrant forA = grantAsTask(1, token(1, "alice"));
    Answer other = ask(forA.secret(), 2, 0, b.length);
    assertEquals("The short-circuit read secret is for blk_1, not blk_2.", other.refusal());
    assertEquals(0, other.data().length);
    // Spent by the refused attempt: it opens block 1 no more either.
    assertEquals("The short-circuit read secret is unknown or was used already.", ask(forA.secret(), 1, 0, 10).refusal());

    LocalReadGrant again = grantAsTask(1, token(1, "alice"));
    assertTrue(ask(again.secret(), 1, 0, a.length + 1).refusal().contains("outside the " + a.length + " bytes"));

    LocalReadGrant stale = grantAsTask(1, token(1, "alice"));
    now.addAndGet(LocalReadGrants.LIFETIME_MS + 1);
    assertEquals("The short-circuit read secret for blk_1 expired; ask for another.",
        ask(stale.secret(), 1, 0, 10).refusal());
  }

  @Test
  void garbageGetsOneSentenceAndTheServerGoesOnServing() throws Exception {
    byte[] junk = new byte[ShortCircuitWire.REQUEST_BYTES];
    Arrays.fill(junk, (byte) 'x');
    try (SocketChannel c = connect()) {
      c.write(ByteBuffer.wrap(junk));
      assertEquals("Not a short-circuit read request of version 1 (it starts with 0x78787878).", readAnswer(c).refusal());
    }
    try (SocketChannel c = connect()) {
      c.write(ByteBuffer.wrap(junk, 0, 3));
      c.shutdownOutput();
      assertEquals("The short-circuit read request ended after 3 of " + ShortCircuitWire.REQUEST_BYTES + " bytes.",
          readAnswer(c).refusal());
    }
    LocalReadGrant g = grantAsTask(2, token(2, "alice"));
    assertArrayEquals(b, ask(g.secret(), 2, 0, b.length).data());
  }

  @Test
  void streamsAreBoundedAndIdleConnectionsAreClosed() throws Exception {
    try (SocketChannel idle1 = connect(); SocketChannel idle2 = connect()) {
      Wait.until("both idle connections accepted", Duration.ofSeconds(10), () -> server.activeStreams() == 2);
      IOException busy = assertThrows(IOException.class, () -> grantAsTask(2, token(2, "alice")));
      assertEquals("The DataNode is serving 2 short-circuit reads already; read over RPC.", busy.getMessage());
      // A connection beyond the bound gets the same sentence, or a reset if its request comes late; never data.
      try (SocketChannel third = connect()) {
        assertEquals(busy.getMessage(), readAnswer(third).refusal());
      } catch (java.net.SocketException reset) {
        assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
      }
      now.addAndGet(LocalReadServer.REQUEST_TIMEOUT_MS + 1);
      Wait.until("idle connections closed", Duration.ofSeconds(10), () -> server.activeStreams() == 0);
      assertEquals(-1, idle1.read(ByteBuffer.allocate(1)));
    }
    LocalReadGrant g = grantAsTask(2, token(2, "alice"));
    assertArrayEquals(b, ask(g.secret(), 2, 0, b.length).data());
  }

  @Test
  void aLinkInPlaceOfABlockFileIsNotFollowed() throws Exception {
    Path blk1 = store.dataFile(1).toPath();
    Files.delete(blk1);
    Files.createSymbolicLink(blk1, store.dataFile(2).toPath());
    LocalReadGrant g = grantAsTask(1, token(1, "alice"));
    Answer r = ask(g.secret(), 1, 0, 10);
    assertTrue(r.refusal().startsWith("Cannot open the replica of blk_1: "), r.refusal());
    assertEquals(0, r.data().length);
  }

  @Test
  void aReplicaDeletedAfterTheGrantIsRefused() throws Exception {
    LocalReadGrant g = grantAsTask(1, token(1, "alice"));
    store.delete(1);
    assertEquals("No finalized replica of blk_1 here.", ask(g.secret(), 1, 0, 10).refusal());
  }

  @Test
  void somethingOtherThanASocketAtThePathIsNotReplaced() throws Exception {
    Path planted = tmp.resolve("sockets").resolve("planted");
    Files.createSymbolicLink(planted, tmp.resolve("data"));
    IOException e = assertThrows(IOException.class, () -> LocalReadServer.start(planted, store, 2, now::get));
    assertEquals(planted + " exists and is not a socket; not replacing it with the short-circuit read socket.",
        e.getMessage());
    assertTrue(Files.isSymbolicLink(planted));
  }

  // ---- a raw client of the wire format

  /** What the socket answered: a refusal, or the range, its checksums and its bytes. */
  record Answer(String refusal, int bpc, long start, long end, long[] sums, byte[] data) {}

  SocketChannel connect() throws IOException {
    return SocketChannel.open(UnixDomainSocketAddress.of(server.path()));
  }

  Answer ask(byte[] secret, long block, long offset, long length) throws IOException {
    try (SocketChannel c = connect()) {
      ByteBuffer req = ShortCircuitWire.request(secret, block, offset, length);
      while (req.hasRemaining()) {
        c.write(req);
      }
      return readAnswer(c);
    }
  }

  /** Reads a whole answer, and checks the server closed the stream after it. */
  static Answer readAnswer(SocketChannel c) throws IOException {
    DataInputStream in = new DataInputStream(Channels.newInputStream(c));
    if (in.readByte() != ShortCircuitWire.OK) {
      byte[] text = new byte[in.readUnsignedShort()];
      in.readFully(text);
      assertEquals(-1, in.read());
      return new Answer(new String(text, StandardCharsets.UTF_8), 0, 0, 0, new long[0], new byte[0]);
    }
    int bpc = in.readInt();
    long start = in.readLong();
    long end = in.readLong();
    long[] sums = new long[ShortCircuitWire.pieces(start, end, bpc)];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = in.readInt() & 0xffffffffL;
    }
    byte[] data = new byte[(int) (end - start)];
    in.readFully(data);
    assertEquals(-1, in.read());
    return new Answer(null, bpc, start, end, sums, data);
  }
}
