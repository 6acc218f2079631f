package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempt logs as the log RPC and the status page read them: ranges, tails, and no link followed. */
class AttemptLogReaderTest {
  private static final String JOB = "job_1_0001";
  private static final String ATTEMPT = "attempt_1_0001_m_000000_0";

  @TempDir
  Path dir;

  @Test
  void readsRangesAndTailsOfAnAttemptsLogs() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Files.createDirectories(dirs.jobLogs(JOB));
    Files.writeString(dirs.jobLogs(JOB).resolve(ATTEMPT + ".stderr"), "0123456789");
    AttemptLogReader logs = new AttemptLogReader(dirs, "w1", Map.of(ATTEMPT, "child_w1_1")::get);

    assertArrayEquals("2345".getBytes(StandardCharsets.UTF_8), logs.read(ATTEMPT, "stderr", 2, 4));
    assertEquals(0, logs.read(ATTEMPT, "stderr", 10, 4).length);
    AttemptLogReader.LogTail tail = logs.tail(ATTEMPT, "stderr", 3);
    assertEquals(10, tail.size());
    assertEquals(7, tail.offset());
    assertEquals("789", new String(tail.bytes(), StandardCharsets.UTF_8));
    IOException bad = assertThrows(IOException.class, () -> logs.read(ATTEMPT, "secret", 0, 10));
    assertTrue(bad.getMessage().contains("no log stream secret"), bad.getMessage());
    assertThrows(NoSuchFileException.class, () -> logs.read("attempt_1_0001_m_000009_0", "stderr", 0, 10));
  }

  @Test
  void aLinkPlantedInTheJobsLogDirectoryIsNotFollowed() throws Exception {
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    Files.createDirectories(dirs.jobLogs(JOB));
    Path secret = Files.writeString(dir.resolve("secret"), "the cluster secret");
    Files.createSymbolicLink(dirs.jobLogs(JOB).resolve(ATTEMPT + ".stderr"), secret);
    AttemptLogReader logs = new AttemptLogReader(dirs, "w1", Map.of(ATTEMPT, "child_w1_1")::get);

    IOException e = assertThrows(IOException.class, () -> logs.read(ATTEMPT, "stderr", 0, 100));
    assertTrue(!(e instanceof NoSuchFileException), "refused, not taken for a missing log: " + e);
  }
}
