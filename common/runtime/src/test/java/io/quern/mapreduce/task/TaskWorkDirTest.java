package io.quern.mapreduce.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskWorkDirTest {
  @TempDir
  Path dir;

  @Test
  void aShippedFileIsFetchedOncePerJobAndEveryAttemptGetsItInItsWorkingDirectory() throws Exception {
    Path staged = dir.resolve("staging/evaluate.py");
    Files.createDirectories(staged.getParent());
    byte[] program = "print('score')\n".getBytes(StandardCharsets.UTF_8);
    Files.write(staged, program);
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwx------"));
    Configuration conf = new Configuration(false);
    conf.set(MRJobConfig.CACHE_FILES, staged.toUri().toString());
    Path job = dir.resolve("jobs/job_1");

    Path first = TaskWorkDir.prepare(new Configuration(conf), job.resolve("attempt_1_m_000000_0"));
    // The staged copy goes away: a later attempt on this host is served from the job's copy.
    Files.delete(staged);
    Configuration second = new Configuration(conf);
    Path work = TaskWorkDir.prepare(second, job.resolve("attempt_1_m_000001_0"));

    assertEquals(work.toString(), second.get(MRJobConfig.TASK_WORK_DIR));
    for (Path w : new Path[] {first, work}) {
      Path placed = w.resolve("evaluate.py");
      assertArrayEquals(program, Files.readAllBytes(placed));
      assertTrue(Files.isExecutable(placed), "the execute bit travels with the file");
    }
    Path cached = job.resolve(TaskWorkDir.CACHE_DIR).resolve("evaluate.py");
    assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cached)),
        "attempts share the job's copy: read-only");
    try (var left = Files.list(job.resolve(TaskWorkDir.CACHE_DIR))) {
      assertEquals(1, left.count(), "no partial download left beside it");
    }
  }
}
