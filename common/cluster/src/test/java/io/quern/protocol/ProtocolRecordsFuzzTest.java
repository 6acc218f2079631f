package io.quern.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quern.protocol.dfs.AddBlockRequest;
import io.quern.protocol.dfs.AdminState;
import io.quern.protocol.dfs.BadReplica;
import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.DatanodeRef;
import io.quern.protocol.dfs.DatanodeReport;
import io.quern.protocol.dfs.DfsFileStatus;
import io.quern.protocol.dfs.LocatedBlock;
import io.quern.protocol.dfs.LocatedBlocks;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.ReplicaReport;
import io.quern.protocol.dfs.WriteChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The DFS protocol records reject nonsense in their canonical constructors, which Java
 * serialization also runs: a hostile peer cannot hand the NameNode or a DataNode a record with
 * a negative length or offset, a null path, or checksums that do not match the data.
 */
class ProtocolRecordsFuzzTest {
  static final DatanodeRef DN = new DatanodeRef("h:1", "h", 1, "/r");

  @Test
  void nonsenseIsRejected() {
    List<Executable> bad = List.of(
        () -> new CreateRequest(null, "c", "u", false, 0, 0),
        () -> new CreateRequest("/p", null, "u", false, 0, 0),
        () -> new CreateRequest("/p", "c", null, false, 0, 0),
        () -> new CreateRequest("/p", "c", "u", false, -1, 0),
        () -> new CreateRequest("/p", "c", "u", false, 0, -5),
        () -> new AddBlockRequest(null, "c", "h", -1, 0, List.of()),
        () -> new AddBlockRequest("/p", "c", "h", -2, 0, List.of()),
        () -> new AddBlockRequest("/p", "c", "h", 1, -1, List.of()),
        () -> new AddBlockRequest("/p", "c", "h", 1, 0, null),
        () -> new LocatedBlock(-1, 0, 0, List.of(DN), false),
        () -> new LocatedBlock(1, -1, 0, List.of(DN), false),
        () -> new LocatedBlock(1, 0, -1, List.of(DN), false),
        () -> new LocatedBlocks(-1, false, List.of()),
        () -> new BadReplica(-3, "h:1"),
        () -> new BadReplica(1, null),
        () -> new ReplicaReport(1, -1),
        () -> new DatanodeRef(null, "h", 1, "/r"),
        () -> new DatanodeRef("h:1", "h", 70000, "/r"),
        () -> new DatanodeRef("h:1", "h", -1, "/r"),
        () -> new DfsFileStatus(null, false, 0, 1, 1, 0, "u", "g", (short) 0644, false),
        () -> new DfsFileStatus("/p", false, -1, 1, 1, 0, "u", "g", (short) 0644, false),
        () -> new DfsFileStatus("/p", false, 0, 1, 1, 0, "u", "g", (short) 02000, false),
        () -> new DatanodeReport(null, "/r", 0, 0, 0, AdminState.NORMAL, 0),
        () -> new ReadChunk(-1, new byte[0], new long[0], 512),
        () -> new ReadChunk(0, new byte[10], new long[0], 512),
        () -> new ReadChunk(0, new byte[10], new long[] {1}, 0),
        () -> new ReadChunk(0, null, new long[0], 512),
        () -> new WriteChunk(1, 0, new byte[1025], new long[2], 512, List.of()),
        () -> new WriteChunk(-1, 0, new byte[0], new long[0], 512, List.of()),
        () -> new WriteChunk(1, -512, new byte[0], new long[0], 512, List.of()));
    for (int i = 0; i < bad.size(); i++) {
      Throwable t = assertThrows(RuntimeException.class, bad.get(i), "case " + i);
      assertTrue(t instanceof IllegalArgumentException || t instanceof NullPointerException, "case " + i + ": " + t);
    }
    assertDoesNotThrow(() -> new WriteChunk(1, 0, new byte[1025], new long[3], 512, List.of(DN)));
    assertDoesNotThrow(() -> new AddBlockRequest("/p", "c", "h", -1, 0, List.of()));
    assertDoesNotThrow(() -> new ReadChunk(0, new byte[0], new long[0], 512));
  }

  /** Random field values: a record either comes out sane or the constructor refuses. */
  @Test
  void randomFieldsNeverYieldAnInsaneRecord() {
    Random r = new Random(17);
    long[] longs = {Long.MIN_VALUE, -2, -1, 0, 1, 511, 512, 513, Long.MAX_VALUE};
    for (int i = 0; i < 20_000; i++) {
      long a = r.nextBoolean() ? longs[r.nextInt(longs.length)] : r.nextLong();
      long b = r.nextBoolean() ? longs[r.nextInt(longs.length)] : r.nextLong();
      long c = r.nextBoolean() ? longs[r.nextInt(longs.length)] : r.nextLong();
      String s = r.nextInt(5) == 0 ? null : "/x";
      check(() -> new LocatedBlock(a, b, c, List.of(DN), false),
          (LocatedBlock x) -> x.blockId() >= 0 && x.offset() >= 0 && x.length() >= 0);
      check(() -> new AddBlockRequest(s, "c", "h", a, b, List.of()),
          (AddBlockRequest x) -> x.path() != null && x.previousBlockId() >= -1 && x.previousLength() >= 0);
      check(() -> new CreateRequest(s, "c", "u", false, (int) a, b),
          (CreateRequest x) -> x.path() != null && x.replication() >= 0 && x.blockSize() >= 0);
      int len = r.nextInt(3000);
      int bpc = (int) (c % 2048);
      int sums = r.nextInt(8);
      check(() -> new ReadChunk(a, new byte[len], new long[sums], bpc),
          (ReadChunk x) -> x.offset() >= 0 && x.bytesPerChecksum() > 0
              && x.checksums().length == (x.data().length + x.bytesPerChecksum() - 1) / x.bytesPerChecksum());
      check(() -> new ReplicaReport(a, b), (ReplicaReport x) -> x.blockId() >= 0 && x.length() >= 0);
    }
  }

  interface Sane<T> {
    boolean test(T t);
  }

  static <T> void check(Supplier<T> make, Sane<T> sane) {
    T t;
    try {
      t = make.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      return;
    } catch (RuntimeException e) {
      fail("constructor threw " + e, e);
      return;
    }
    assertTrue(sane.test(t), "accepted " + t);
  }

  /** A serialized record whose length field was made negative on the wire is refused on reading. */
  @Test
  void deserializationRunsTheSameChecks() throws Exception {
    long marker = 0x1122334455667788L;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new LocatedBlock(1, 0, marker, List.of(DN), false));
    }
    byte[] b = bytes.toByteArray();
    ByteBuffer buf = ByteBuffer.wrap(b);
    int at = -1;
    for (int i = 0; i + 8 <= b.length; i++) {
      if (buf.getLong(i) == marker) {
        at = i;
      }
    }
    assertTrue(at >= 0);
    buf.putLong(at, -marker);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      InvalidObjectException e = assertThrows(InvalidObjectException.class, in::readObject);
      assertTrue(String.valueOf(e.getCause()).contains("length must not be negative"), String.valueOf(e.getCause()));
    }
  }
}
