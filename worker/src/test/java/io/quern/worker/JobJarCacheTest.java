package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars staged on a file system, copied to the worker: by job, or by content and then checked. */
class JobJarCacheTest {
  @TempDir
  Path dir;

  @Test
  void aJarStagedByContentIsCopiedOnceAndServesEveryJobNamingIt() throws Exception {
    byte[] bytes = new byte[100_000];
    new Random(1).nextBytes(bytes);
    String hash = Sha256.hex(bytes);
    Path staged = Files.createDirectories(dir.resolve("staging/jars")).resolve(hash + ".jar");
    Files.write(staged, bytes);
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    JobJarCache cache = new JobJarCache(new Configuration(), dirs);

    cache.fetch(launch("job_1_0001", staged.toUri().toString()));
    Path copy = dirs.jobJar("job_1_0001", staged.toUri().toString());
    assertArrayEquals(bytes, Files.readAllBytes(copy));
    Files.delete(staged); // a second job naming the content needs no copy
    cache.fetch(launch("job_1_0002", staged.toUri().toString()));
    assertEquals(copy, dirs.jobJar("job_1_0002", staged.toUri().toString()));
    assertArrayEquals(bytes, Files.readAllBytes(copy));
  }

  @Test
  void aJarThatDoesNotHashToItsNameIsRefusedAndNothingIsCached() throws Exception {
    String claimed = "0".repeat(64);
    Path staged = Files.createDirectories(dir.resolve("staging/jars")).resolve(claimed + ".jar");
    Files.write(staged, "not the content named".getBytes());
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    JobJarCache cache = new JobJarCache(new Configuration(), dirs);

    IOException e = assertThrows(IOException.class, () -> cache.fetch(launch("job_1_0003", staged.toUri().toString())));
    assertTrue(e.getMessage().contains("does not hash to its name"), e.getMessage());
    assertFalse(Files.exists(dirs.jobJar("job_1_0003", staged.toUri().toString())));
    try (Stream<Path> left = Files.list(dirs.root().resolve("jars"))) {
      assertEquals(List.of(), left.toList(), "no temporary copy left");
    }
  }

  @Test
  void aJarStagedByJobIsCopiedForThatJob() throws Exception {
    Path staged = Files.createDirectories(dir.resolve("staging/job_1_0004")).resolve("job.jar");
    Files.write(staged, "jar bytes".getBytes());
    LocalDirs dirs = new LocalDirs(dir.resolve("local"), dir.resolve("logs"));
    new JobJarCache(new Configuration(), dirs).fetch(launch("job_1_0004", staged.toUri().toString()));
    assertEquals("jar bytes", Files.readString(dirs.jobJar("job_1_0004", staged.toUri().toString())));
  }

  private static TaskLaunch launch(String jobId, String jar) {
    return new TaskLaunch(1, jobId, "attempt_" + jobId.substring(4) + "_m_000000_0", TaskKind.MAP, 0, null, 1, 0,
        null, jar, "alice", null, List.of());
  }
}
