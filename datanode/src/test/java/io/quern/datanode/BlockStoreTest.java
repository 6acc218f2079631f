package io.quern.datanode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.fs.ChunkChecksums;
import io.quern.protocol.dfs.ChecksumMismatchException;
import io.quern.protocol.dfs.DiskFullException;
import io.quern.protocol.dfs.ReadChunk;
import io.quern.protocol.dfs.ReplicaNotFoundException;
import io.quern.protocol.dfs.ReplicaReport;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest {
  static final int BPC = 64 * 1024;
  @TempDir
  Path tmp;

  static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void writeAll(BlockStore s, long id, byte[] b, int chunk) throws Exception {
    for (int off = 0; off < b.length; off += chunk) {
      byte[] c = Arrays.copyOfRange(b, off, Math.min(b.length, off + chunk));
      s.write(id, off, c, ChunkChecksums.compute(c, 0, c.length, BPC), BPC);
    }
  }

  static byte[] readAll(BlockStore s, long id) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long len = s.length(id);
    long pos = 0;
    while (pos < len) {
      ReadChunk c = s.read(id, pos, 300_000);
      assertEquals(-1, ChunkChecksums.firstMismatch(c.data(), c.checksums(), c.bytesPerChecksum()));
      int skip = (int) (pos - c.offset());
      out.write(c.data(), skip, c.data().length - skip);
      pos = c.offset() + c.data().length;
    }
    return out.toByteArray();
  }

  BlockStore store(long capacity) throws Exception {
    return new BlockStore(List.of(tmp.resolve("d1"), tmp.resolve("d2")), 0, capacity);
  }

  @Test
  void writeFinalizeReadAndRestart() throws Exception {
    BlockStore s = store(0);
    byte[] b = data(3 * BPC + 5, 1);
    writeAll(s, 7, b, 2 * BPC);
    assertThrows(ReplicaNotFoundException.class, () -> s.read(7, 0, 10), "not readable before finalize");
    assertEquals(new ReplicaReport(7, b.length), s.finalizeReplica(7, b.length));
    assertArrayEquals(b, readAll(s, 7));
    ReadChunk mid = s.read(7, BPC + 10, 100);
    assertEquals(BPC, mid.offset(), "reads start at the checksum piece holding the offset");
    assertTrue(s.verify(7));
    writeAll(s, 8, data(10, 2), BPC);
    BlockStore reopened = store(0);
    assertEquals(List.of(new ReplicaReport(7, b.length)), reopened.finalizedReplicas(),
        "finalized replicas survive a restart; unfinished ones are dropped");
    assertArrayEquals(b, readAll(reopened, 7));
  }

  @Test
  void replicasAreSpreadOverDataDirs() throws Exception {
    BlockStore s = store(0);
    for (long id = 1; id <= 4; id++) {
      writeAll(s, id, data(100, id), BPC);
      s.finalizeReplica(id, 100);
    }
    try (var d1 = Files.list(tmp.resolve("d1/current")); var d2 = Files.list(tmp.resolve("d2/current"))) {
      assertEquals(4, d1.count());
      assertEquals(4, d2.count());
    }
  }

  @Test
  void corruptDataInFlightIsRejected() throws Exception {
    BlockStore s = store(0);
    byte[] c = data(BPC, 3);
    long[] sums = ChunkChecksums.compute(c, 0, c.length, BPC);
    c[5] ^= 1;
    assertThrows(ChecksumMismatchException.class, () -> s.write(1, 0, c, sums, BPC));
  }

  @Test
  void flippedByteOnDiskFailsVerification() throws Exception {
    BlockStore s = store(0);
    writeAll(s, 1, data(2 * BPC, 4), BPC);
    s.finalizeReplica(1, 2 * BPC);
    try (RandomAccessFile raf = new RandomAccessFile(s.dataFile(1), "rw")) {
      raf.seek(BPC + 3);
      int v = raf.read();
      raf.seek(BPC + 3);
      raf.write(v ^ 0x10);
    }
    assertFalse(s.verify(1));
    ReadChunk c = s.read(1, 0, 2 * BPC);
    assertEquals(1, ChunkChecksums.firstMismatch(c.data(), c.checksums(), BPC));
    ReportQueue reports = new ReportQueue("dn", () -> null);
    assertEquals(1, new BlockScanner(s, reports).scanOnce());
  }

  @Test
  void truncateForPipelineRecovery() throws Exception {
    BlockStore s = store(0);
    byte[] b = data(3 * BPC, 5);
    writeAll(s, 1, b, BPC);
    s.truncate(1, BPC);
    byte[] rest = Arrays.copyOfRange(b, BPC, 3 * BPC);
    s.write(1, BPC, rest, ChunkChecksums.compute(rest, 0, rest.length, BPC), BPC);
    s.finalizeReplica(1, 3 * BPC);
    assertArrayEquals(b, readAll(s, 1));
    assertThrows(java.io.IOException.class, () -> s.write(1, 3 * BPC, rest, new long[2], BPC), "finalized");
  }

  @Test
  void fullStoreRefusesWrites() throws Exception {
    BlockStore s = store(BPC + BPC / 2);
    writeAll(s, 1, data(BPC, 6), BPC);
    byte[] more = data(BPC, 7);
    DiskFullException e = assertThrows(DiskFullException.class,
        () -> s.write(1, BPC, more, ChunkChecksums.compute(more, 0, more.length, BPC), BPC));
    assertTrue(e.getMessage().contains("is full"), e.getMessage());
    assertThrows(DiskFullException.class,
        () -> s.write(2, 0, more, ChunkChecksums.compute(more, 0, more.length, BPC), BPC));
  }

  @Test
  void deleteRemovesFiles() throws Exception {
    BlockStore s = store(0);
    writeAll(s, 1, data(10, 8), BPC);
    s.finalizeReplica(1, 10);
    assertTrue(s.delete(1));
    assertFalse(s.delete(1));
    assertTrue(s.finalizedReplicas().isEmpty());
    try (var d = Files.list(tmp.resolve("d1/current"))) {
      assertEquals(0, d.count());
    }
  }

  @Test
  void chunksArrivingOutOfOrderAreWrittenInOffsetOrder() throws Exception {
    BlockStore s = store(0);
    byte[] b = data(4 * BPC, 11);
    byte[][] c = new byte[4][];
    for (int i = 0; i < 4; i++) {
      c[i] = Arrays.copyOfRange(b, i * BPC, (i + 1) * BPC);
    }
    s.write(7, 0, c[0], ChunkChecksums.compute(c[0], 0, BPC, BPC), BPC);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var third = pool.submit(() -> {
        s.write(7, 3L * BPC, c[3], ChunkChecksums.compute(c[3], 0, BPC, BPC), BPC);
        return null;
      });
      var second = pool.submit(() -> {
        s.write(7, 2L * BPC, c[2], ChunkChecksums.compute(c[2], 0, BPC, BPC), BPC);
        return null;
      });
      s.write(7, BPC, c[1], ChunkChecksums.compute(c[1], 0, BPC, BPC), BPC);
      second.get(10, java.util.concurrent.TimeUnit.SECONDS);
      third.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    s.finalizeReplica(7, b.length);
    assertArrayEquals(b, readAll(s, 7));
  }

  @Test
  void aChunkWaitingForAFailedOneFailsAtOnce() throws Exception {
    BlockStore s = new BlockStore(List.of(tmp.resolve("d1")), 0, 0, 60_000);
    byte[] b = data(BPC, 12);
    s.write(8, 0, b, ChunkChecksums.compute(b, 0, BPC, BPC), BPC);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var later = pool.submit(() -> {
        s.write(8, 2L * BPC, b, ChunkChecksums.compute(b, 0, BPC, BPC), BPC);
        return null;
      });
      long[] wrong = ChunkChecksums.compute(b, 0, BPC, BPC);
      wrong[0] ^= 1;
      assertThrows(ChecksumMismatchException.class, () -> s.write(8, BPC, b, wrong, BPC));
      var e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> later.get(10, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("earlier write"), e.getCause().getMessage());
    } finally {
      pool.shutdownNow();
    }
  }
}
