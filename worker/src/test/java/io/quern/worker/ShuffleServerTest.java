package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.mapreduce.runtime.MapOutputBuffer;
import io.quern.mapreduce.runtime.SpillIndex;
import io.quern.protocol.mapred.MapOutputMissingException;
import io.quern.protocol.mapred.ShuffleChunk;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shuffle server hands out exactly a partition's bytes, chunk by chunk. */
class ShuffleServerTest {
  @TempDir
  Path dir;

  @Test
  void partitionsAreServedInChunksThatReassembleExactly() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Path out = dirs.attempt("job_x_0001", "attempt_x_0001_m_000000_0");
    Files.createDirectories(out);
    byte[] data = new byte[3000];
    new Random(1).nextBytes(data);
    Files.write(out.resolve(MapOutputBuffer.OUTPUT_FILE), data);
    SpillIndex index = new SpillIndex(2);
    index.set(0, new SpillIndex.Entry(0, 1000, 11));
    index.set(1, new SpillIndex.Entry(1000, 2000, 22));
    index.write(out.resolve(MapOutputBuffer.INDEX_FILE));

    ShuffleServer server = new ShuffleServer(dirs, a -> true);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    long offset = 0;
    while (offset < 2000) {
      ShuffleChunk c = server.fetch("job_x_0001", "attempt_x_0001_m_000000_0", 1, offset, 300);
      assertEquals(2000, c.partitionLength());
      assertEquals(22, c.checksum());
      got.write(c.data());
      offset += c.data().length;
    }
    byte[] want = new byte[2000];
    System.arraycopy(data, 1000, want, 0, 2000);
    assertArrayEquals(want, got.toByteArray());
    assertEquals(0, server.fetch("job_x_0001", "attempt_x_0001_m_000000_0", 1, 2000, 300).data().length);
    assertThrows(MapOutputMissingException.class,
        () -> server.fetch("job_x_0001", "attempt_x_0001_m_000001_0", 0, 0, 300));
    assertThrows(MapOutputMissingException.class,
        () -> server.fetch("job_x_0001", "attempt_x_0001_m_000000_0", 2, 0, 300));
  }

  @Test
  void onlyMapAttemptsOfTheNamedJobAreServedWhateverThePathTheIdsMake() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Path out = tenByteOutput(dirs, "job_y_0002", "attempt_y_0002_m_000000_0");
    ShuffleServer server = new ShuffleServer(dirs, a -> true);
    assertEquals(10, server.fetch("job_y_0002", "attempt_y_0002_m_000000_0", 0, 0, 100).data().length);
    for (String[] ids : new String[][] {
        {"job_x_0001", "../job_y_0002/attempt_y_0002_m_000000_0"},
        {"job_x_0001", "attempt_y_0002_m_000000_0"},
        {"job_y_0002", "attempt_y_0002_r_000000_0"},
        {"job_y_0002", "attempt_y_0002_m_000000_0/../attempt_y_0002_m_000000_0"}}) {
      MapOutputMissingException e = assertThrows(MapOutputMissingException.class,
          () -> server.fetch(ids[0], ids[1], 0, 0, 100));
      assertTrue(e.getMessage().contains("attempt"), e.getMessage());
    }
  }

  /**
   * The attempt directory is the task's: a reducer of a hostile job planting file.out as a link
   * to a file only the worker may read (the cluster secret), or its attempt directory as a link
   * to another job's, gets nothing through the shuffle server.
   */
  @Test
  void linksATaskPlantsInItsDirectoriesAreNotFollowed() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Path secret = Files.writeString(dir.resolve("secret"), "the cluster secret");
    Path victim = tenByteOutput(dirs, "job_v_0003", "attempt_v_0003_m_000000_0");

    Path planted = dirs.attempt("job_h_0004", "attempt_h_0004_m_000000_0");
    Files.createDirectories(planted);
    Files.createSymbolicLink(planted.resolve(MapOutputBuffer.OUTPUT_FILE), secret);
    SpillIndex big = new SpillIndex(1);
    big.set(0, new SpillIndex.Entry(0, 18, 7));
    big.write(planted.resolve(MapOutputBuffer.INDEX_FILE));
    Path swapped = dirs.job("job_h_0004").resolve("attempt_h_0004_m_000001_0");
    Files.createSymbolicLink(swapped, victim);

    ShuffleServer server = new ShuffleServer(dirs, a -> true);
    MapOutputMissingException link = assertThrows(MapOutputMissingException.class,
        () -> server.fetch("job_h_0004", "attempt_h_0004_m_000000_0", 0, 0, 100));
    assertTrue(link.getMessage().contains("cannot read the output"), link.getMessage());
    assertThrows(MapOutputMissingException.class,
        () -> server.fetch("job_h_0004", "attempt_h_0004_m_000001_0", 0, 0, 100));
  }

  @Test
  void onlyMapAttemptsThisWorkerSawFinishAreServed() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Path out = tenByteOutput(dirs, "job_z_0005", "attempt_z_0005_m_000000_0");
    java.util.Set<String> finished = new java.util.HashSet<>();
    ShuffleServer server = new ShuffleServer(dirs, finished::contains);
    assertThrows(MapOutputMissingException.class,
        () -> server.fetch("job_z_0005", "attempt_z_0005_m_000000_0", 0, 0, 100));
    finished.add("attempt_z_0005_m_000000_0");
    assertEquals(10, server.fetch("job_z_0005", "attempt_z_0005_m_000000_0", 0, 0, 100).data().length);
  }

  /** A map output of one 10-byte partition, as the map attempt would leave it. */
  private static Path tenByteOutput(LocalDirs dirs, String job, String attempt) throws Exception {
    Path out = dirs.attempt(job, attempt);
    Files.createDirectories(out);
    Files.write(out.resolve(MapOutputBuffer.OUTPUT_FILE), new byte[10]);
    SpillIndex index = new SpillIndex(1);
    index.set(0, new SpillIndex.Entry(0, 10, 7));
    index.write(out.resolve(MapOutputBuffer.INDEX_FILE));
    return out;
  }
}
